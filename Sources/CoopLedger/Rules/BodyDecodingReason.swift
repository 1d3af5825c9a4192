import CoopCanonicalJSON

/// Says why an entry body did not decode, for a person: the canonical JSON decoder's own errors
/// already name the JSON path; a value's own check (an id, a date, an amount) comes as Swift's
/// `DecodingError` text, which is rewritten as "field "path": what was wrong". Long values are
/// clipped, since a body may carry 64 KiB in one string and the reason is printed.
enum BodyDecodingReason {
    static let maxDetail = 200

    /// The field at fault (nil for the whole body) and the reason.
    static func of(_ error: any Error) -> (field: String?, reason: String) {
        if case let DecodingError.dataCorrupted(context) = error {
            let field = context.codingPath.isEmpty ? nil : path(context.codingPath)
            return (field, "\(field.map { "field \"\($0)\"" } ?? "the body"): \(clip(context.debugDescription))")
        }
        return (field(of: error), clip("\(error)"))
    }

    /// The field a canonical JSON decoding error is about (`amount`, `votes[2].name`), if any.
    static func field(of error: any Error) -> String? {
        guard let e = error as? CanonicalJSONError else { return nil }
        switch e {
        case let .typeMismatch(path, _), let .integerOverflow(path, _), let .arrayTooShort(path, _), let .invalidValue(path, _):
            return field(path)
        case let .missingKey(path, key), let .unknownKey(path, key):
            return field(path).map { $0 + "." + key } ?? key
        default:
            return nil
        }
    }

    /// `$.votes[2].name` → `votes[2].name`; `$` (the body itself) → nil.
    private static func field(_ path: String) -> String? {
        guard path.hasPrefix("$"), path.count > 1 else { return nil }
        let rest = path.dropFirst()
        return String(rest.hasPrefix(".") ? rest.dropFirst() : rest)
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
