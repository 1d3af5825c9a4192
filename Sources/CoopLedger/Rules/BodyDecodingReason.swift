/// Says why an entry body did not decode, for a person: the canonical JSON decoder's own errors
/// already name the JSON path; a value's own check (an id, a date, an amount) comes as Swift's
/// `DecodingError` text, which is rewritten as "field "path": what was wrong". Long values are
/// clipped, since a body may carry 64 KiB in one string and the reason is printed.
enum BodyDecodingReason {
    static let maxDetail = 200

    static func of(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            let place = context.codingPath.isEmpty ? "the body" : "field \"\(path(context.codingPath))\""
            return "\(place): \(clip(context.debugDescription))"
        }
        return clip("\(error)")
    }

    /// `member`, `votes[2].name`: JSON's own way of naming a place in a document.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { text, key in
            if let i = key.intValue {
                text += "[\(i)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }

    private static func clip(_ text: String) -> String {
        text.count <= maxDetail ? text : text.prefix(maxDetail) + "… (\(text.utf8.count) bytes)"
    }
}
