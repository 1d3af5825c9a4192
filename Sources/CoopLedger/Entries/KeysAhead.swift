import CoopCanonicalJSON
import CoopCrypto

/// Public keys a body brings into the ledger (an admission's key, a rotation's new key, the
/// genesis founders' keys) are checked when the rules read the body, on the one thread that
/// applies them in order; each check is a scalar multiplication, as costly as verifying a
/// signature. The cores that sign or verify an entry check them ahead (`Ed25519.PublicKey
/// .checkAhead`), and the rules then find them already checked.
enum KeysAhead {
    /// Checks every string in `body` written as a key (`ed25519:…`), to a depth of four.
    static func check(_ body: JSONValue) {
        var texts: [String] = []
        collect(body, depth: 0, into: &texts)
        if !texts.isEmpty { Ed25519.PublicKey.checkAhead(texts) }
    }

    private static func collect(_ value: JSONValue, depth: Int, into texts: inout [String]) {
        guard depth < 4 else { return }
        switch value {
        case .string(let s): if s.hasPrefix(Ed25519.publicKeyTextPrefix) { texts.append(s) }
        case .object(let members): for v in members.values { collect(v, depth: depth + 1, into: &texts) }
        case .array(let items): for v in items { collect(v, depth: depth + 1, into: &texts) }
        default: break
        }
    }
}
