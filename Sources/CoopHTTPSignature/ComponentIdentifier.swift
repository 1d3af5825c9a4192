/// A covered component of an RFC 9421 signature (§2): a request-derived component (`@method`,
/// `@target-uri`, …) or an HTTP field by its lower-case name.
///
/// Component parameters (`;sf`, `;key`, `;bs`, `;req`, `;tr`, `;name`) and the derived
/// components `@query-param` and `@status` are not implemented; they are refused, never
/// silently ignored.
public struct ComponentIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The component name: `@…` for derived components, otherwise a lower-case field name.
    public let name: String

    private init(validName name: String) {
        self.name = name
    }

    /// The request derived components supported (RFC 9421 §2.2).
    public static let derivedNames: Set<String> = ["@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query"]

    /// A component from its name; field names are lower-cased.
    /// - Throws: `HTTPSignatureError.unsupportedComponent` for an unknown `@` name,
    ///   `.invalidFieldName` for a field name with non-token characters.
    public init(_ name: String) throws {
        if name.hasPrefix("@") {
            guard Self.derivedNames.contains(name) else { throw HTTPSignatureError.unsupportedComponent(name) }
            self.init(validName: name)
        } else {
            let lower = name.lowercased()
            guard !lower.isEmpty, lower.utf8.allSatisfy(\.isTokenCharacter) else { throw HTTPSignatureError.invalidFieldName(name) }
            self.init(validName: lower)
        }
    }

    /// `@method`: the request method.
    public static let method = ComponentIdentifier(validName: "@method")
    /// `@target-uri`: the full target URI.
    public static let targetURI = ComponentIdentifier(validName: "@target-uri")
    /// `@authority`: host and non-default port, lower case.
    public static let authority = ComponentIdentifier(validName: "@authority")
    /// `@scheme`: `http` or `https`.
    public static let scheme = ComponentIdentifier(validName: "@scheme")
    /// `@request-target`: path and query as in the request line.
    public static let requestTarget = ComponentIdentifier(validName: "@request-target")
    /// `@path`: the absolute path.
    public static let path = ComponentIdentifier(validName: "@path")
    /// `@query`: the query with its leading `?` (`?` alone when there is none).
    public static let query = ComponentIdentifier(validName: "@query")
    /// The `content-digest` field (RFC 9530).
    public static let contentDigest = ComponentIdentifier(validName: "content-digest")

    /// True for an `@` component.
    public var isDerived: Bool { name.hasPrefix("@") }

    public var description: String { name }

    /// The identifier as the signature base and Signature-Input write it: an sf-string.
    var serialized: String { "\"" + name + "\"" }

    /// The component's value in `request` (RFC 9421 §2.1, §2.2).
    /// - Throws: `HTTPSignatureError.missingField` for an absent field, `.invalidFieldValue`
    ///   for a value with control or non-ASCII characters (no obs-fold nor obs-text).
    func value(in request: SignableRequest) throws -> String {
        let value: String
        switch name {
        case "@method": value = request.method
        case "@target-uri": value = request.targetURI
        case "@authority": value = request.normalizedAuthority
        case "@scheme": value = request.scheme.lowercased()
        case "@request-target": value = (request.path.isEmpty ? "/" : request.path) + (request.query.map { "?" + $0 } ?? "")
        case "@path": value = request.path.isEmpty ? "/" : request.path
        case "@query": value = "?" + (request.query ?? "")
        default:
            guard let field = request.fieldValue(name) else { throw HTTPSignatureError.missingField(name) }
            value = field
        }
        guard value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { throw HTTPSignatureError.invalidFieldValue(name: name) }
        return value
    }

    /// Reads a component out of a Signature-Input inner-list item.
    static func parse(_ item: StructuredField.Item) throws -> ComponentIdentifier {
        guard case let .string(name) = item.value else {
            throw HTTPSignatureError.malformedSignatureField(field: "Signature-Input", label: "", reason: "a covered component must be a quoted string")
        }
        if let parameter = item.parameters.entries.first {
            throw HTTPSignatureError.unsupportedComponentParameter(component: name, parameter: parameter.key)
        }
        // Field names arrive lower-case; an upper-case one is not the same identifier.
        guard name == name.lowercased() else { throw HTTPSignatureError.invalidFieldName(name) }
        return try ComponentIdentifier(name)
    }
}
