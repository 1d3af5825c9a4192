/// What can go wrong with C2SP tlog-cosignature cosignatures and witness policies. Messages say
/// what is wrong and what to do.
public enum CosignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A cosigner vkey that does not parse.
    case malformedCosignerKey(String, reason: String)
    /// A signature line from a trusted witness that is not key ID ‖ 8-byte time ‖ 64 bytes.
    case malformedCosignature(keyName: String, length: Int)
    /// A timestamp above 2^63 − 1, which the spec forbids.
    case timestampTooLarge(UInt64)
    /// A cosignature timestamp of zero (witnesses must not omit the time).
    case zeroTimestamp
    /// A trusted witness's line that does not verify over this checkpoint.
    case cosignatureInvalid(keyName: String, keyID: UInt32)
    /// A policy with an impossible threshold.
    case invalidThreshold(threshold: Int, witnesses: Int)
    /// Two different witness keys sharing a name and key ID.
    case ambiguousWitnessKeys(keyName: String, keyID: UInt32)
    /// Fewer trusted witnesses cosigned than the policy requires.
    case quorumNotMet(valid: [String], needed: Int, of: Int)

    public var description: String {
        switch self {
        case let .malformedCosignerKey(text, reason):
            return "not a cosigner key '\(text.prefix(120))': \(reason) (expected <name>+<8 hex digits>+<base64 of 0x04 ‖ 32-byte Ed25519 key>)"
        case let .malformedCosignature(name, length):
            return
                "the cosignature by \(name.prefix(80)) has \(length) bytes after its key ID; a cosignature/v1 has 72 (8-byte time and 64-byte Ed25519 signature)"
        case let .timestampTooLarge(time):
            return "cosignature time \(time) exceeds 2^63 − 1, which c2sp.org/tlog-cosignature forbids"
        case .zeroTimestamp:
            return "a cosignature time of 0 is not allowed: pass the current POSIX time"
        case let .cosignatureInvalid(name, keyID):
            return "the cosignature by witness \(name.prefix(80))+\(TlogError.hex8(keyID)) does not verify: the checkpoint was altered or the line forged"
        case let .invalidThreshold(threshold, witnesses):
            return "a witness policy needs 1 ≤ threshold ≤ witnesses; got \(threshold) of \(witnesses)"
        case let .ambiguousWitnessKeys(name, keyID):
            return "two different witness keys share the name and key ID \(name.prefix(80))+\(TlogError.hex8(keyID)); give each witness its own name"
        case let .quorumNotMet(valid, needed, total):
            let who = valid.isEmpty ? "none" : valid.joined(separator: ", ")
            return
                "the checkpoint has valid cosignatures from \(valid.count) of \(total) trusted witnesses (\(who)); \(needed) are required. Ask more witnesses to cosign, or wait"
        }
    }
}
