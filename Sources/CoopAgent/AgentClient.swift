import CoopCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Talks to `coop agent` at `socketPath`: one connection per request, bounded by a timeout, and
/// only to a process of the same user (checked before anything is sent).
public struct AgentClient: Sendable {
    public let socketPath: String
    /// Seconds to wait for the agent to take a request or answer it.
    public var timeoutSeconds: Int

    public init(socketPath: String, timeoutSeconds: Int = 10) {
        self.socketPath = socketPath
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends `request` and returns the agent's answer (a `.failure` is returned, not thrown).
    public func send(_ request: AgentRequest) throws(AgentError) -> AgentResponse {
        let fd = try AgentSocket.connect(to: socketPath, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        guard let uid = AgentSocket.peerUID(fd) else { throw .unreachable(path: socketPath, reason: "cannot tell who listens there") }
        guard uid == UInt32(geteuid()) else { throw .otherUser(path: socketPath, uid: uid) }
        var payload = AgentWire.encode(request)
        // An `add` payload holds a seed: zero this copy once sent.
        defer { payload.withUnsafeMutableBytes { raw in _ = raw.initializeMemory(as: UInt8.self, repeating: 0) } }
        guard payload.count <= AgentWire.maximumFrameBytes else {
            throw .messageTooLarge(size: payload.count, limit: AgentWire.maximumFrameBytes)
        }
        try AgentSocket.writeFrame(fd, payload)
        do {
            return try AgentWire.decodeResponse(try AgentSocket.readFrame(fd))
        } catch let error as AgentFailure {
            throw .malformedMessage(error.message)
        } catch let error as AgentError {
            throw error
        } catch {
            throw .malformedMessage("\(error)")
        }
    }

    /// Hands `key` to the agent under `name`.
    public func add(_ key: Ed25519.PrivateKey, name: String?) throws(AgentError) {
        let seed = key.withSeed { seed in SecretBytes(count: seed.count) { $0.copyMemory(from: seed) } }
        try expectOK(send(.add(seed: seed, name: name)))
    }

    /// The keys the agent holds.
    public func list() throws(AgentError) -> [AgentKeyInfo] {
        switch try send(.list) {
        case .keys(let keys): return keys
        case .failure(let failure): throw .refused(failure)
        default: throw .malformedMessage("the agent did not answer with a list of keys")
        }
    }

    /// Makes the agent forget `key`.
    public func remove(_ key: Ed25519.PublicKey) throws(AgentError) { try expectOK(send(.remove(key))) }

    /// Makes the agent forget every key.
    public func removeAll() throws(AgentError) { try expectOK(send(.removeAll)) }

    /// Stops the agent (it forgets its keys and removes its socket).
    public func stop() throws(AgentError) { try expectOK(send(.stop)) }

    /// A signature of `message` by the held key `key`, checked before it is returned.
    public func sign(_ message: [UInt8], with key: Ed25519.PublicKey) throws(AgentError) -> Ed25519.Signature {
        switch try send(.sign(key: key, message: message)) {
        case .signature(let signature):
            guard key.isValidSignature(signature, for: message) else { throw .badSignature(key) }
            return signature
        case .failure(let failure): throw .refused(failure)
        default: throw .malformedMessage("the agent did not answer with a signature")
        }
    }

    private func expectOK(_ response: AgentResponse) throws(AgentError) {
        switch response {
        case .ok: return
        case .failure(let failure): throw .refused(failure)
        default: throw .malformedMessage("the agent did not answer ok")
        }
    }
}

/// A key `coop agent` holds, as an `Ed25519Signer`: each signature is asked of the agent, and the
/// secret never leaves it.
public struct AgentSigner: Ed25519Signer {
    public let client: AgentClient
    public let publicKey: Ed25519.PublicKey

    public init(client: AgentClient, publicKey: Ed25519.PublicKey) {
        self.client = client
        self.publicKey = publicKey
    }

    public func sign(_ message: [UInt8]) throws -> Ed25519.Signature {
        try client.sign(message, with: publicKey)
    }
}
