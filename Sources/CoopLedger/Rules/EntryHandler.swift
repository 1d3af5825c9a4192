import CoopCanonicalJSON

/// The rule for one entry type: who may author it, what its body must hold, and how it changes
/// the state.
///
/// `apply` runs after the generic checks (ledger id, author chain, key in force). It must make
/// every check before its first mutation: when it throws, the caller keeps the state it had.
public protocol EntryHandler: Sendable {
    var type: EntryType { get }
    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws
}

/// The entry types a ledger understands, by type name.
public struct EntryCatalog: Sendable {
    private var handlers: [EntryType: any EntryHandler] = [:]

    public init(_ handlers: [any EntryHandler]) {
        for h in handlers { self.handlers[h.type] = h }
    }

    /// The ledger core's types: genesis, admission, roles, keys, notes.
    public static let core = EntryCatalog([
        GenesisHandler(), AdmitHandler(), RoleGrantHandler(), RoleRevokeHandler(),
        KeyRotateHandler(), KeyRevokeHandler(), KeyCancelRecoveryHandler(), NoteHandler(),
    ])

    /// This catalog plus `more` (later handlers replace earlier ones of the same type).
    public func adding(_ more: [any EntryHandler]) -> EntryCatalog {
        var copy = self
        for h in more { copy.handlers[h.type] = h }
        return copy
    }

    public func handler(for type: EntryType) -> (any EntryHandler)? { handlers[type] }

    public var types: [EntryType] { handlers.keys.sorted { $0.rawValue < $1.rawValue } }
}

extension DecodedEntry {
    /// Decodes the body into `T`, refusing fields outside `allowed` (a typo must not be ignored).
    public func body<T: Decodable>(_ type: T.Type, allowed: Set<String>) throws -> T {
        guard case let .object(fields) = statement.body else {
            throw refuse(.field, "the body is not an object")
        }
        try requireOnly(allowed, in: fields)
        try requireNoNull(statement.body)
        do {
            // Unknown keys are refused at every depth (the top level just above, against `allowed`).
            return try CanonicalJSONDecoder(refusesUnknownNestedKeys: true).decode(T.self, from: statement.body)
        } catch {
            let (field, reason) = BodyDecodingReason.of(error)
            throw refuse(.field, field: field, reason)
        }
    }

    /// Throws a `field` refusal naming the first field (in key order) outside `allowed`.
    func requireOnly(_ allowed: Set<String>, in fields: [String: JSONValue]) throws {
        guard fields.keys.contains(where: { !allowed.contains($0) }) else { return }
        let extra = fields.keys.sorted().first { !allowed.contains($0) } ?? ""
        throw refuse(.field, field: extra, "unknown field \"\(extra)\"")
    }
}

extension DecodedEntry {
    /// Throws a `field` refusal naming the first `null` in `value` (depth first, keys in order).
    /// A body leaves an optional field out; `null` would be a second spelling of "absent", and
    /// every reader of the signed body would have to agree on it.
    func requireNoNull(_ value: JSONValue, at path: String = "") throws {
        // Almost every body has no null: look for one before building field paths to name it.
        guard Self.containsNull(value) else { return }
        switch value {
        case .null:
            throw refuse(
                .field, field: path.isEmpty ? nil : path,
                "\(path.isEmpty ? "the body" : "field \"\(path)\"") is null; leave an optional field out instead")
        case let .object(fields):
            for key in fields.keys.sorted() {
                if let v = fields[key] { try requireNoNull(v, at: path.isEmpty ? key : path + "." + key) }
            }
        case let .array(items):
            for (i, v) in items.enumerated() { try requireNoNull(v, at: path + "[\(i)]") }
        default:
            return
        }
    }

    private static func containsNull(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case let .object(fields): fields.values.contains(where: containsNull)
        case let .array(items): items.contains(where: containsNull)
        default: false
        }
    }
}
