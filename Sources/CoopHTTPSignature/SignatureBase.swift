/// What one signature covers: its label, covered components and parameters — one member of the
/// `Signature-Input` dictionary (RFC 9421 §4.1).
public struct SignatureInput: Hashable, Sendable {
    /// The dictionary key tying `Signature-Input` to `Signature` (e.g. `sig1`).
    public let label: String
    /// The covered components, in order.
    public let components: [ComponentIdentifier]
    public let parameters: SignatureParameters

    /// - Throws: `HTTPSignatureError.invalidLabel`, `.duplicateComponent`.
    public init(label: String, components: [ComponentIdentifier], parameters: SignatureParameters) throws {
        guard StructuredField.isValidKey(label) else { throw HTTPSignatureError.invalidLabel(label) }
        var seen: Set<ComponentIdentifier> = []
        for component in components where !seen.insert(component).inserted {
            throw HTTPSignatureError.duplicateComponent(component.name)
        }
        self.label = label
        self.components = components
        self.parameters = parameters
    }

    /// The inner list `("c1" "c2");created=…;keyid=…`: the `@signature-params` value.
    public var signatureParams: String {
        // Every part was validated on construction, so serialization cannot fail; the fallback
        // is unreachable but keeps this a plain property.
        let list = StructuredField.InnerList(
            components.map { StructuredField.Item(.string($0.name)) }, parameters: parameters.structured)
        return (try? list.serialized()) ?? "()"
    }

    /// The `Signature-Input` field value for this signature: `label=(…);…`.
    public var fieldValue: String { label + "=" + signatureParams }

    /// The signature base of RFC 9421 §2.5 for `request`: one `"<component>": <value>` line per
    /// covered component, then `"@signature-params": <inner list>`, lines joined by LF, no
    /// final LF.
    /// - Throws: the component errors (`HTTPSignatureError.missingField`, `.invalidFieldValue`).
    public func signatureBase(for request: SignableRequest) throws -> String {
        var lines = try components.map { "\($0.serialized): " + (try $0.value(in: request)) }
        lines.append("\"@signature-params\": " + signatureParams)
        return lines.joined(separator: "\n")
    }

    /// Reads the member `label` of a parsed `Signature-Input` dictionary.
    static func parse(label: String, member: StructuredField.Member) throws -> SignatureInput {
        guard case let .innerList(list) = member else {
            throw HTTPSignatureError.malformedSignatureField(field: "Signature-Input", label: label, reason: "it must be an inner list of components")
        }
        let components = try list.items.map(ComponentIdentifier.parse)
        return try SignatureInput(label: label, components: components, parameters: SignatureParameters(parsing: list.parameters))
    }
}
