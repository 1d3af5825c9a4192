import CoopLedger

/// The body of a post (`POST coop/entries`): signed entry lines as `coop … --out` writes them,
/// `<signatures> <statement>`, a final newline optional, 1 to `maxEntries` of them.
public enum PostBody {
    public static let maxEntries = 256

    /// The entries, or an `APIError` (`bad-request`) naming the line at fault.
    public static func entries(_ bytes: [UInt8]) throws -> [SignedEntry] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw APIError(code: "bad-request", message: "the post holds no entry") }
        guard lines.count <= maxEntries else {
            throw APIError(code: "bad-request", message: "a post holds at most \(maxEntries) entries; it holds \(lines.count)")
        }
        return try lines.enumerated().map { i, line in
            do {
                return try SignedEntry(lineBytes: line)
            } catch {
                throw APIError(code: "bad-request", message: "entry \(i + 1) of the post: \(error)", position: i)
            }
        }
    }

    /// The body for `entries`.
    public static func bytes(_ entries: [SignedEntry]) -> [UInt8] {
        var body: [UInt8] = []
        for entry in entries { body += entry.lineBytes + [0x0A] }
        return body
    }
}
