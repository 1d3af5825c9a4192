import CoopCrypto

/// The keys an agent holds, in the order they were added. Removing a key drops the only
/// reference to its `Ed25519.PrivateKey`, whose `SecretBytes` zero the secret on release.
struct AgentKeyring {
    private struct Held {
        let key: Ed25519.PrivateKey
        let name: String?
    }

    private var held: [Held] = []
    /// False once the kernel refused to lock a key's pages (`mlock`); said once in the log.
    private(set) var allLocked = true

    var isEmpty: Bool { held.isEmpty }

    /// Answers one request; `stop` is answered `ok` and left to the caller.
    mutating func answer(_ request: AgentRequest) -> AgentResponse {
        switch request {
        case .add(let seed, let name):
            guard let key = try? Ed25519.PrivateKey(seed: seed) else { return .failure(AgentFailure(.malformed, "a seed is 32 bytes")) }
            if !key.lockInMemory() { allLocked = false }
            held.removeAll { $0.key.publicKey == key.publicKey }
            guard held.count < AgentWire.maximumKeys else {
                return .failure(AgentFailure(.full, "the agent holds \(AgentWire.maximumKeys) keys already; remove some first"))
            }
            held.append(Held(key: key, name: name))
            return .ok
        case .list:
            return .keys(held.map { AgentKeyInfo(publicKey: $0.key.publicKey, name: $0.name) })
        case .remove(let publicKey):
            guard held.contains(where: { $0.key.publicKey == publicKey }) else { return unknown(publicKey) }
            held.removeAll { $0.key.publicKey == publicKey }
            return .ok
        case .removeAll, .stop:
            held.removeAll()
            return .ok
        case .sign(let publicKey, let message):
            guard let entry = held.first(where: { $0.key.publicKey == publicKey }) else { return unknown(publicKey) }
            return .signature(entry.key.signature(for: message))
        }
    }

    private func unknown(_ key: Ed25519.PublicKey) -> AgentResponse {
        .failure(AgentFailure(.unknownKey, "the agent does not hold \(key.text); add it with 'coop agent add KEYFILE'"))
    }
}
