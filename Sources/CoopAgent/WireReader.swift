import CoopCrypto

/// Reads the fields of one payload in order; every shortfall is a `malformed` failure.
struct WireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Checks the version byte and returns the type byte.
    mutating func header() throws(AgentFailure) -> UInt8 {
        let head = try self.bytes(2)
        guard head[0] == AgentWire.version else {
            throw AgentFailure(.unsupported, "protocol version \(head[0]); this coop speaks version \(AgentWire.version)")
        }
        return head[1]
    }

    mutating func bytes(_ count: Int) throws(AgentFailure) -> [UInt8] {
        guard count <= bytes.count - position else { throw AgentFailure(.malformed, "the message ends early") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// `count` bytes straight into a `SecretBytes`, with no intermediate array.
    mutating func secret(_ count: Int) throws(AgentFailure) -> SecretBytes {
        guard count <= bytes.count - position else { throw AgentFailure(.malformed, "the message ends early") }
        let start = position
        position += count
        return SecretBytes(count: count) { out in
            bytes.withUnsafeBytes { all in out.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[start..<start + count])) }
        }
    }

    mutating func uint16() throws(AgentFailure) -> UInt16 {
        let b = try bytes(2)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }

    mutating func publicKey() throws(AgentFailure) -> Ed25519.PublicKey {
        guard let key = try? Ed25519.PublicKey(bytes: try bytes(32)) else { throw AgentFailure(.malformed, "the message ends early") }
        return key
    }

    /// A length-prefixed name; nil for length 0.
    mutating func name() throws(AgentFailure) -> String? {
        let count = Int(try uint16())
        guard count <= KeyFile.maximumNameBytes else { throw AgentFailure(.malformed, "a name of \(count) bytes is too long") }
        guard count > 0 else { return nil }
        guard let name = String(validating: try bytes(count), as: UTF8.self), KeyFile.isValidName(name) else {
            throw AgentFailure(.malformed, "a key name that is not valid")
        }
        return name
    }

    /// Everything left.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return Array(bytes[position...])
    }

    /// Requires that nothing is left.
    func end() throws(AgentFailure) {
        guard position == bytes.count else { throw AgentFailure(.malformed, "\(bytes.count - position) bytes after the last field") }
    }
}
