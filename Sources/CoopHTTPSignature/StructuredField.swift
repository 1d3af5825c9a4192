/// The parts of RFC 8941 Structured Field Values that HTTP message signatures use: dictionaries
/// whose members are items or inner lists, with parameters; bare items of every RFC 8941 type.
/// Lists at the top level are not needed and not provided.
///
/// Parse with `StructuredFieldParser`, serialize with `serialized`. Serialization is the
/// RFC's canonical form, which RFC 9421 relies on for the `@signature-params` line.
public enum StructuredField {
    /// An RFC 8941 bare item.
    public enum BareItem: Hashable, Sendable {
        /// −999,999,999,999,999 … 999,999,999,999,999.
        case integer(Int64)
        /// A decimal with at most 12 integer and 3 fraction digits, held in thousandths.
        case decimal(thousandths: Int64)
        /// Printable ASCII (0x20–0x7E).
        case string(String)
        /// A token: starts with ALPHA or `*`, then tchar, `:` or `/`.
        case token(String)
        /// Bytes, written `:base64:`.
        case byteSequence([UInt8])
        /// `?1` or `?0`.
        case boolean(Bool)
    }

    /// One `;key[=value]` parameter (a bare key means `true`).
    public struct Parameter: Hashable, Sendable {
        public let key: String
        public let value: BareItem

        public init(key: String, value: BareItem) {
            self.key = key
            self.value = value
        }
    }

    /// Parameters in their received (or chosen) order; keys are unique.
    public struct Parameters: Hashable, Sendable {
        public private(set) var entries: [Parameter]

        public init(_ entries: [Parameter] = []) {
            self.entries = []
            for entry in entries { self[entry.key] = entry.value }
        }

        public var isEmpty: Bool { entries.isEmpty }

        /// The value for `key`; setting an existing key keeps its position (RFC 8941 §4.2.3.2).
        public subscript(key: String) -> BareItem? {
            get { entries.first { $0.key == key }?.value }
            set {
                if let index = entries.firstIndex(where: { $0.key == key }) {
                    if let newValue { entries[index] = Parameter(key: key, value: newValue) } else { entries.remove(at: index) }
                } else if let newValue {
                    entries.append(Parameter(key: key, value: newValue))
                }
            }
        }
    }

    /// A bare item with parameters.
    public struct Item: Hashable, Sendable {
        public let value: BareItem
        public let parameters: Parameters

        public init(_ value: BareItem, parameters: Parameters = Parameters()) {
            self.value = value
            self.parameters = parameters
        }
    }

    /// `(item item …)` with parameters.
    public struct InnerList: Hashable, Sendable {
        public let items: [Item]
        public let parameters: Parameters

        public init(_ items: [Item], parameters: Parameters = Parameters()) {
            self.items = items
            self.parameters = parameters
        }
    }

    /// A dictionary member's value.
    public enum Member: Hashable, Sendable {
        case item(Item)
        case innerList(InnerList)
    }

    /// An ordered dictionary; keys are unique, a repeated key overwrites in place.
    public struct Dictionary: Hashable, Sendable {
        public private(set) var members: [(key: String, value: Member)] = []

        public init() {}

        public subscript(key: String) -> Member? {
            get { members.first { $0.key == key }?.value }
            set {
                if let index = members.firstIndex(where: { $0.key == key }) {
                    if let newValue { members[index] = (key, newValue) } else { members.remove(at: index) }
                } else if let newValue {
                    members.append((key, newValue))
                }
            }
        }

        public var keys: [String] { members.map(\.key) }

        public static func == (lhs: Dictionary, rhs: Dictionary) -> Bool {
            lhs.members.elementsEqual(rhs.members) { $0.key == $1.key && $0.value == $1.value }
        }

        public func hash(into hasher: inout Hasher) {
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }

    /// True for an RFC 8941 key: lcalpha or `*`, then lcalpha, DIGIT, `_`, `-`, `.`, `*`.
    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, first.isLowercaseLetter || first == UInt8(ascii: "*") else { return false }
        return bytes.allSatisfy { $0.isLowercaseLetter || $0.isDigit || "_-.*".utf8.contains($0) }
    }
}

extension UInt8 {
    var isLowercaseLetter: Bool { (0x61...0x7A).contains(self) }
    var isLetter: Bool { isLowercaseLetter || (0x41...0x5A).contains(self) }
    var isDigit: Bool { (0x30...0x39).contains(self) }
    /// RFC 9110 tchar.
    var isTokenCharacter: Bool { isLetter || isDigit || "!#$%&'*+-.^_`|~".utf8.contains(self) }
}
