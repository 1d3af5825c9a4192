/// Renders locations inside a JSON value as paths like `$.body.founders[0]["odd key"]`.
enum JSONPath {
    /// One step from a container to one of its members.
    enum Component {
        case key(String)
        case index(Int)
    }

    /// The path of a Codable coding path; `JSONKey` index keys render as `[n]`.
    static func render(_ codingPath: [any CodingKey]) -> String {
        render(
            codingPath.lazy.map { key -> Component in
                if let index = (key as? JSONKey)?.index { return .index(index) }
                return .key(key.stringValue)
            })
    }

    /// The path of a sequence of components, outermost first.
    static func render(_ components: some Sequence<Component>) -> String {
        var path = "$"
        for component in components {
            switch component {
            case let .index(index):
                path += "[\(index)]"
            case let .key(key) where isIdentifier(key):
                path += "." + key
            case let .key(key):
                path += "[" + quoted(key) + "]"
            }
        }
        return path
    }

    /// `text` in double quotes with `"`, `\` and control characters escaped, for messages.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Whether `key` can follow a dot unambiguously: ASCII letters, digits and `_`, not starting with a digit.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return key.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
    }
}

/// A coding key built at run time: an object member's name or an array index.
struct JSONKey: CodingKey {
    let stringValue: String
    /// Set only for array positions, so paths can render them as `[n]`.
    let index: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.index = nil
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.index = index
    }

    init?(intValue: Int) { self.init(index: intValue) }

    var intValue: Int? { index }

    /// The key `superEncoder()` and `superDecoder()` use.
    static let `super` = JSONKey(stringValue: "super")
}
