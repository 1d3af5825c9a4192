import CoopCrypto
import CoopTlog

/// The witness policy of the bylaws (`witnesses` in rules.yaml; docs/BYLAWS.md): the sister
/// cooperatives (or federation, or accountant) whose cosignatures make a checkpoint trusted,
/// how many must cosign, and how far ledger time may stray from their timestamps.
public struct WitnessRules: Sendable, Equatable, Codable {
    /// The witnesses, in the order the bylaws list them.
    public var witnesses: [WitnessRule]
    /// How many distinct witnesses must cosign a checkpoint (k of n); 0 asks for none.
    public var threshold: Int
    /// Seconds an entry's ledger time may differ from the witness times around it.
    public var toleranceSeconds: Int

    public init(witnesses: [WitnessRule], threshold: Int, toleranceSeconds: Int) {
        self.witnesses = witnesses
        self.threshold = threshold
        self.toleranceSeconds = toleranceSeconds
    }

    /// No witnesses, none required: what applies when the bylaws have no `witnesses` section.
    public static let none = WitnessRules(witnesses: [], threshold: 0, toleranceSeconds: 300)

    /// The cosigning keys of the witnesses.
    public var keys: [CosignerKey] { witnesses.compactMap { try? $0.cosignerKey() } }

    /// The policy the checkpoints must meet, nil when the threshold is 0.
    public func policy() throws -> WitnessPolicy? {
        guard threshold > 0 else { return nil }
        return try WitnessPolicy(witnesses: witnesses.map { try $0.cosignerKey() }, threshold: threshold)
    }

    enum CodingKeys: String, CodingKey {
        case witnesses = "list"
        case threshold
        case toleranceSeconds = "tolerance_seconds"
    }
}

/// One witness the bylaws name.
public struct WitnessRule: Sendable, Equatable, Codable {
    /// Its name (the key name in its cosignature lines).
    public var name: String
    /// Its C2SP vkey (`<name>+<key id>+<base64(0x04 ‖ key)>`).
    public var vkey: String
    /// Where to send checkpoints (the tlog-witness submission prefix).
    public var url: String

    public init(name: String, vkey: String, url: String) {
        self.name = name
        self.vkey = vkey
        self.url = url
    }

    /// The cosigning key.
    public func cosignerKey() throws -> CosignerKey { try CosignerKey(vkey: vkey) }
}

/// Reads the optional `witnesses` section of `rules.yaml`:
///
/// ```yaml
/// witnesses:
///   threshold: 2                 # k: distinct witnesses that must cosign (0 ... n)
///   tolerance_seconds: 300       # ledger time vs witness time, 0 ... 86400
///   list:
///     - name: witness.sister.coop
///       key: witness.sister.coop+1a2b3c4d+BASE64   # a C2SP vkey, or ed25519:BASE64
///       url: https://witness.sister.coop
/// ```
struct WitnessRulesParser {
    let value: YAMLValue

    func parse() -> WitnessRules? {
        guard let m = value.mapping else { return nil }
        defer { m.finish() }
        let thresholdNode = m.required("threshold")
        let threshold = thresholdNode?.int(in: 0...100)
        let toleranceNode = m.optional("tolerance_seconds")
        let tolerance = toleranceNode == nil ? WitnessRules.none.toleranceSeconds : toleranceNode?.int(in: 0...86400)
        var witnesses: [WitnessRule] = []
        var failed = false
        if let listNode = m.optional("list") {
            guard let list = listNode.sequence else { return nil }
            for item in list {
                guard let rule = witness(item) else {
                    failed = true
                    continue
                }
                if witnesses.contains(where: { $0.name == rule.name }) {
                    item.fail("the witness \"\(rule.name)\" is listed twice")
                    failed = true
                }
                witnesses.append(rule)
            }
        }
        guard let threshold, let tolerance, !failed else { return nil }
        guard threshold <= witnesses.count else {
            thresholdNode?.fail("the threshold \(threshold) is more than the \(witnesses.count) witnesses listed")
            return nil
        }
        return WitnessRules(witnesses: witnesses, threshold: threshold, toleranceSeconds: tolerance)
    }

    private func witness(_ value: YAMLValue) -> WitnessRule? {
        guard let m = value.mapping else { return nil }
        defer { m.finish() }
        let nameNode = m.required("name")
        let keyNode = m.required("key")
        let urlNode = m.required("url")
        guard let name = nameNode?.string, let keyText = keyNode?.string, let url = urlNode?.string else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            urlNode?.fail("a witness URL starts with http:// or https://")
            return nil
        }
        let key: CosignerKey
        do {
            if keyText.hasPrefix("ed25519:") {
                key = try CosignerKey(name: name, publicKey: Ed25519.PublicKey(text: keyText))
            } else {
                key = try CosignerKey(vkey: keyText)
            }
        } catch {
            keyNode?.fail("not a witness key (a C2SP cosignature vkey NAME+KEYID+BASE64, or ed25519:BASE64): \(error)")
            return nil
        }
        guard key.name == name else {
            keyNode?.fail("the vkey is named \"\(key.name)\", not \"\(name)\"")
            return nil
        }
        return WitnessRule(name: name, vkey: key.vkey, url: url)
    }
}
