import CoopCrypto

/// The bytes between `coop` and `coop agent`, version 1.
///
/// Each message is one frame: a 4-byte big-endian length `N` (1 ≤ N ≤ `maximumFrameBytes`)
/// and `N` bytes of payload. A payload is a version byte (1), a type byte, then the type's
/// fields; integers are big-endian, keys 32 raw bytes, signatures 64, names UTF-8 of at most
/// `KeyFile.maximumNameBytes` bytes behind a 2-byte length (0: no name). Nothing may follow the
/// last field. One request per connection, one response, then the agent closes it.
///
///     request  0x01 add       seed[32] nameLength[2] name
///              0x02 list
///              0x03 remove    publicKey[32]
///              0x04 removeAll
///              0x05 sign      publicKey[32] message (the rest, at most maximumMessageBytes)
///              0x06 stop
///     response 0x81 ok
///              0x82 signature signature[64]
///              0x83 keys      count[2] (publicKey[32] nameLength[2] name)*
///              0x84 failure   code[1] message (the rest, UTF-8, at most 1024 bytes)
public enum AgentWire {
    /// The protocol version, the first payload byte.
    public static let version: UInt8 = 1
    /// The longest message the agent signs (an entry's statement is far smaller).
    public static let maximumMessageBytes = 4 << 20
    /// The longest payload either side accepts.
    public static let maximumFrameBytes = maximumMessageBytes + 64
    /// The longest failure message.
    static let maximumFailureBytes = 1024
    /// The most keys one agent holds (and one `keys` answer lists).
    public static let maximumKeys = 256

    enum RequestType: UInt8 { case add = 1, list, remove, removeAll, sign, stop }
    enum ResponseType: UInt8 { case ok = 0x81, signature, keys, failure }

    /// The payload of `request` (without the length prefix). An `add` payload holds the seed:
    /// the caller zeroes it once sent.
    public static func encode(_ request: AgentRequest) -> [UInt8] {
        var out: [UInt8] = [version]
        switch request {
        case .add(let seed, let name):
            out.reserveCapacity(4 + 32 + (name?.utf8.count ?? 0))
            out.append(RequestType.add.rawValue)
            seed.withUnsafeBytes { out.append(contentsOf: $0) }
            appendName(name, to: &out)
        case .list: out.append(RequestType.list.rawValue)
        case .remove(let key): out += [RequestType.remove.rawValue] + key.bytes
        case .removeAll: out.append(RequestType.removeAll.rawValue)
        case .sign(let key, let message): out += [RequestType.sign.rawValue] + key.bytes + message
        case .stop: out.append(RequestType.stop.rawValue)
        }
        return out
    }

    /// The payload of `response`.
    public static func encode(_ response: AgentResponse) -> [UInt8] {
        var out: [UInt8] = [version]
        switch response {
        case .ok: out.append(ResponseType.ok.rawValue)
        case .signature(let signature): out += [ResponseType.signature.rawValue] + signature.bytes
        case .keys(let keys):
            out.append(ResponseType.keys.rawValue)
            appendUInt16(UInt16(min(keys.count, maximumKeys)), to: &out)
            for key in keys.prefix(maximumKeys) {
                out += key.publicKey.bytes
                appendName(key.name, to: &out)
            }
        case .failure(let failure):
            out += [ResponseType.failure.rawValue, failure.code.rawValue]
            out += Array(failure.message.utf8.prefix(maximumFailureBytes))
        }
        return out
    }

    /// Reads a request payload.
    /// - Throws: `AgentFailure` (`malformed`, `unsupported`, `tooLarge`) for anything else.
    public static func decodeRequest(_ payload: [UInt8]) throws(AgentFailure) -> AgentRequest {
        var reader = WireReader(payload)
        let type = try reader.header()
        switch RequestType(rawValue: type) {
        case .add:
            let seed = try reader.secret(32)
            let name = try reader.name()
            try reader.end()
            return .add(seed: seed, name: name)
        case .list:
            try reader.end()
            return .list
        case .remove:
            let key = try reader.publicKey()
            try reader.end()
            return .remove(key)
        case .removeAll:
            try reader.end()
            return .removeAll
        case .sign:
            let key = try reader.publicKey()
            let message = reader.rest()
            guard message.count <= maximumMessageBytes else {
                throw AgentFailure(.tooLarge, "the message to sign is \(message.count) bytes; the most is \(maximumMessageBytes)")
            }
            return .sign(key: key, message: message)
        case .stop:
            try reader.end()
            return .stop
        case nil: throw AgentFailure(.unsupported, "unknown request type \(type)")
        }
    }

    /// Reads a response payload.
    /// - Throws: `AgentFailure` (`malformed`, `unsupported`) when it is not one.
    public static func decodeResponse(_ payload: [UInt8]) throws(AgentFailure) -> AgentResponse {
        var reader = WireReader(payload)
        let type = try reader.header()
        switch ResponseType(rawValue: type) {
        case .ok:
            try reader.end()
            return .ok
        case .signature:
            let bytes = try reader.bytes(64)
            try reader.end()
            guard let signature = try? Ed25519.Signature(bytes: bytes) else { throw AgentFailure(.malformed, "bad signature") }
            return .signature(signature)
        case .keys:
            let count = Int(try reader.uint16())
            guard count <= maximumKeys else { throw AgentFailure(.malformed, "\(count) keys listed; the most is \(maximumKeys)") }
            var keys: [AgentKeyInfo] = []
            for _ in 0..<count { keys.append(AgentKeyInfo(publicKey: try reader.publicKey(), name: try reader.name())) }
            try reader.end()
            return .keys(keys)
        case .failure:
            let raw = try reader.bytes(1)[0]
            let text = reader.rest()
            guard let code = AgentFailure.Code(rawValue: raw), text.count <= maximumFailureBytes,
                let message = String(validating: text, as: UTF8.self)
            else { throw AgentFailure(.malformed, "unreadable failure") }
            return .failure(AgentFailure(code, message))
        case nil: throw AgentFailure(.unsupported, "unknown response type \(type)")
        }
    }

    /// The 4-byte big-endian length prefix of a payload of `count` bytes.
    static func lengthPrefix(_ count: Int) -> [UInt8] {
        let n = UInt32(truncatingIfNeeded: count)
        return [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
    }

    /// The payload length a prefix announces, checked against `maximumFrameBytes`.
    static func payloadLength(_ prefix: [UInt8]) throws(AgentFailure) -> Int {
        guard prefix.count == 4 else { throw AgentFailure(.malformed, "short length prefix") }
        let n = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard n >= 1 else { throw AgentFailure(.malformed, "empty frame") }
        guard n <= maximumFrameBytes else {
            throw AgentFailure(.tooLarge, "a frame of \(n) bytes is over the limit of \(maximumFrameBytes)")
        }
        return n
    }

    private static func appendName(_ name: String?, to out: inout [UInt8]) {
        let bytes = Array((name ?? "").utf8.prefix(KeyFile.maximumNameBytes))
        appendUInt16(UInt16(bytes.count), to: &out)
        out += bytes
    }

    private static func appendUInt16(_ value: UInt16, to out: inout [UInt8]) {
        out += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
