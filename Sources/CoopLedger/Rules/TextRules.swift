/// What text an entry may carry, so that nothing a member writes can disguise itself when an
/// auditor reads it: a name that holds a newline or an escape sequence could forge a line of a
/// listing, and a right-to-left override could reverse what follows it.
///
/// Lengths count Unicode scalar values (code points), which every language can count the same
/// way (docs/FORMAT.md §4).
enum TextRules {
    /// Names, titles, candidates, reasons, methods and references: 1 to `maxLabel` scalars, none
    /// of them a control character (C0, DEL, C1), a bidirectional formatting character, or a
    /// line or paragraph separator.
    static let maxLabel = 200

    /// Free text (notes, motion texts): line feeds and tabs are allowed, other control
    /// characters are not (bidirectional marks are allowed in prose and escaped when printed).
    static func isAllowedInText(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\t" || !isControl(scalar)
    }

    static func isAllowedInLabel(_ scalar: Unicode.Scalar) -> Bool {
        !isControl(scalar) && !isBidiControl(scalar) && scalar != "\u{2028}" && scalar != "\u{2029}"
    }

    /// C0 controls, DEL and C1 controls (general category Cc).
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }

    /// Unicode's bidirectional formatting characters (ALM, LRM, RLM, LRE...RLO, LRI...PDI).
    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x061C || s.value == 0x200E || s.value == 0x200F || (0x202A...0x202E).contains(s.value)
            || (0x2066...0x2069).contains(s.value)
    }

    /// Why `text` is not a valid label, or nil when it is.
    static func labelProblem(_ text: String, max: Int = maxLabel) -> String? {
        let count = text.unicodeScalars.count
        guard count >= 1, count <= max else { return "must hold 1 to \(max) characters" }
        if let bad = text.unicodeScalars.first(where: { !isAllowedInLabel($0) }) {
            return "holds the control or direction character U+\(hex(bad)); names and labels are one line of plain text"
        }
        return nil
    }

    /// Why `text` is not valid free text of at most `maxBytes` UTF-8 bytes, or nil.
    static func textProblem(_ text: String, maxBytes: Int = 65_536) -> String? {
        guard (1...maxBytes).contains(text.utf8.count) else { return "must hold 1 to \(maxBytes) bytes of text" }
        if let bad = text.unicodeScalars.first(where: { !isAllowedInText($0) }) {
            return "holds the control character U+\(hex(bad)); text may hold line feeds and tabs, no other control characters"
        }
        return nil
    }

    static func hex(_ s: Unicode.Scalar) -> String {
        let digits = String(s.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension DecodedEntry {
    /// Throws unless `value` is a valid label (see `TextRules`); `field` names it in the error.
    func requireLabel(_ value: String, _ field: String, max: Int = TextRules.maxLabel) throws {
        if let problem = TextRules.labelProblem(value, max: max) { throw refuse(.label, field: field, "\"\(field)\" \(problem)") }
    }

    /// The same for an optional label: nil is fine.
    func requireLabel(_ value: String?, _ field: String) throws {
        if let value { try requireLabel(value, field) }
    }

    /// Throws unless `value` is valid free text.
    func requireText(_ value: String, _ field: String, maxBytes: Int = 65_536) throws {
        if let problem = TextRules.textProblem(value, maxBytes: maxBytes) { throw refuse(.text, field: field, "\"\(field)\" \(problem)") }
    }
}
