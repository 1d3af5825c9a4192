/// The path encoding shared by hash tiles and entry bundles (c2sp.org/tlog-tiles, "Merkle
/// Tree"): an index N written as zero-padded 3-digit path elements, every element but the last
/// prefixed with `x` (1234067 → `x001/x234/067`), and an optional `.p/<W>` suffix for a
/// partial tile of width W (1…255).
///
/// Parsing accepts only the one canonical spelling of each index — no leading all-zero
/// element (`x000/067` is refused) — so a tile has exactly one path.
public enum TilePath {
    /// The full width of a tile or bundle: 256 hashes or entries.
    public static let fullWidth = 256

    /// N in 3-digit groups, `x`-prefixed but for the last: 0 → `000`, 1234067 → `x001/x234/067`.
    public static func encodeIndex(_ index: UInt64) -> String {
        var groups: [UInt64] = []
        var rest = index
        repeat {
            groups.append(rest % 1000)
            rest /= 1000
        } while rest > 0
        let elements = groups.reversed().map { group -> String in
            let digits = String(group)
            return String(repeating: "0", count: 3 - digits.count) + digits
        }
        return elements.enumerated()
            .map { $0.offset < elements.count - 1 ? "x" + $0.element : $0.element }
            .joined(separator: "/")
    }

    /// The `<N>[.p/<W>]` part of a path.
    static func suffix(index: UInt64, width: Int) -> String {
        encodeIndex(index) + (width < fullWidth ? ".p/\(width)" : "")
    }

    /// Parses the path elements after `tile/<L>/` or `tile/entries/` into (index, width).
    /// Returns a reason on failure.
    static func parseSuffix(_ elements: ArraySlice<Substring>) -> Result<(index: UInt64, width: Int), SuffixError> {
        var indexElements = Array(elements)
        var width = fullWidth
        if indexElements.count >= 2, indexElements[indexElements.count - 2].hasSuffix(".p") {
            let widthText = indexElements.removeLast()
            guard let w = parseCanonicalDecimal(widthText.utf8), (1...UInt64(fullWidth - 1)).contains(w) else {
                return .failure(SuffixError("the partial width '\(widthText.prefix(20))' must be a decimal 1…255 without leading zeros"))
            }
            width = Int(w)
            indexElements[indexElements.count - 1] = indexElements[indexElements.count - 1].dropLast(2)
        }
        guard let index = parseIndex(indexElements) else {
            return .failure(SuffixError("the index must be 3-digit elements, all but the last starting with 'x', with no leading x000"))
        }
        return .success((index, width))
    }

    /// Parses `x001`, `x234`, `067` elements; nil unless canonical and below 2^64.
    static func parseIndex(_ elements: [Substring]) -> UInt64? {
        // UInt64.max has 20 digits: at most 7 groups.
        guard (1...7).contains(elements.count) else { return nil }
        var value: UInt64 = 0
        for (position, element) in elements.enumerated() {
            var digits = Array(element.utf8)
            let isLast = position == elements.count - 1
            if !isLast {
                guard digits.first == UInt8(ascii: "x") else { return nil }
                digits.removeFirst()
            }
            guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let group = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            // A leading all-zero group would give a second spelling of the same index.
            if position == 0, elements.count > 1, group == 0 { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 1000)
            let (sum, overflow2) = shifted.addingReportingOverflow(group)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Why a path suffix did not parse.
    struct SuffixError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
