import CoopAPI
import CoopCrypto
import CoopLedger
import CoopModel
import CoopTlog
import Dispatch
import Synchronization

/// Everything the server reads: the newest checkpoint, tiles, bundles, and who may read. Its
/// own read-only connection, confined to a serial queue (SQLite reads block; WAL lets them run
/// beside the sequencer's writes).
final class ReadSide: @unchecked Sendable {
    private let ledger: Ledger
    private let queue = DispatchQueue(label: "coop.serve.reads")
    private let auditors: [String: Ed25519.PublicKey]
    /// Confined to `queue`: the readers' keys at a ledger size.
    private var readers: (size: UInt64, keys: [String: Ed25519.PublicKey])?

    init(ledgerPath: String, auditorKeys: [Ed25519.PublicKey]) throws {
        ledger = try Ledger.open(at: ledgerPath, readOnly: true)
        auditors = Dictionary(auditorKeys.map { (Self.fingerprint($0), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The keyid of a key that is not a member id: `sha256:<hex of SHA-256 of the key>`.
    static func fingerprint(_ key: Ed25519.PublicKey) -> String { ReadKeyID.fingerprint(key) }

    /// Runs `body` on the read queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.ledger) }) }
        }
    }

    /// Who may read now, by keyid: every current (active or suspended) member's key in force,
    /// as `m<number>` and as its fingerprint, and the configured auditors' keys.
    func readers() async throws -> [String: Ed25519.PublicKey] {
        try await run { ledger in
            let state = try ledger.state()
            if let cached = self.readers, cached.size == state.size { return cached.keys }
            var keys = self.auditors
            for member in state.members.values where member.status == .active || member.status == .suspended {
                guard let key = member.key else { continue }
                keys[member.id.description] = key
                keys[Self.fingerprint(key)] = key
            }
            self.readers = (state.size, keys)
            return keys
        }
    }
}
