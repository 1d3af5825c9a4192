import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

/// Fixtures for the hostile-input suites (names prefixed so they cannot clash with other
/// suites' support code in this target).
enum Hostile {
    /// A deterministic key from a one-byte seed (tests only).
    static func key(_ n: UInt8) throws -> Ed25519.PrivateKey {
        var seed = [UInt8](repeating: n, count: 32)
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    static let time = Timestamp("2026-11-23T12:00:00Z") ?? Timestamp(secondsSinceEpoch: 0)
    static let ledgerID = LedgerID("00112233445566778899aabbccddeeff")

    /// The ledger key of the docs/FORMAT.md vectors (seed 0xc8), which the seed receipt and
    /// checkpoint in the corpus are signed with.
    static let vectorLedgerKey =
        "coop.ledger/00112233445566778899aabbccddeeff+c1f2cd60+AZf/yIPIC+5yN++V2bm3A9StY+YKIeYFhnaCt1uLP0MD"
    static let vectorOrigin = "coop.ledger/00112233445566778899aabbccddeeff"
    /// The passphrase of the corpus's seed key file (Tests/CoopCryptoTests/Vectors).
    static let vectorPassphrase = "coop test vector"

    /// The corpus directory shipped with the test bundle: every fuzzer's files, or only `fuzzer`'s
    /// (the corpora hold tens of megabytes, so a test of one target reads only its own).
    static func corpusFiles(of fuzzer: String? = nil) throws -> [(fuzzer: String, name: String, bytes: [UInt8])] {
        guard let root = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        var files: [(String, String, [UInt8])] = []
        let fm = FileManager.default
        let dirs = try fuzzer.map { [$0] } ?? fm.contentsOfDirectory(atPath: root.path).sorted()
        for dir in dirs {
            var isDir: ObjCBool = false
            let dirPath = root.appendingPathComponent(dir).path
            guard fm.fileExists(atPath: dirPath, isDirectory: &isDir), isDir.boolValue else {
                // A target's own corpus must be there; a stray file beside the folders is skipped.
                if fuzzer != nil { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: dirPath]) }
                continue
            }
            for name in try fm.contentsOfDirectory(atPath: dirPath).sorted() {
                let data = try Data(contentsOf: URL(fileURLWithPath: dirPath + "/" + name))
                files.append((dir, name, Array(data)))
            }
        }
        return files
    }
}

/// A fresh temporary ledger with one founder (m1: secretary) and one member (m2).
final class HostileLedger {
    let dir: String
    let ledger: Ledger
    let founder: Ed25519.PrivateKey
    let m1: MemberID
    var path: String { dir + "/coop.ledger" }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        founder = try Hostile.key(1)
        guard let m1 = MemberID(number: 1) else { throw CocoaError(.coderInvalidValue) }
        self.m1 = m1
        ledger = try Ledger.create(
            at: dir + "/coop.ledger", name: "Hostile Input Cooperative",
            bylawsHash: SHA256.hash(Array("bylaws v1".utf8)),
            founders: [Founder(name: "Ada Founder", key: founder.publicKey, roles: [.secretary])],
            founderKey: founder, ledgerKey: try Hostile.key(200).publicKey, ledgerID: Hostile.ledgerID,
            clock: FixedClock(Hostile.time))
        let member = try Hostile.key(10)
        try ledger.append(
            type: .memberAdmit,
            body: .object([
                "name": .string("Member 2"), "key": .string(member.publicKey.text),
            ]), author: m1, key: founder)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// The canonical statement bytes of m1's next note, split around the `text` value so a
    /// test can put hostile bytes where the text goes. `prefix + "\"x\"" + suffix` is valid.
    func noteTemplate() throws -> (prefix: [UInt8], suffix: [UInt8]) {
        let marker = "\u{1}MARKER\u{1}"
        let entry = try ledger.prepare(type: .note, body: .object(["text": .string(marker)]), author: m1, key: founder)
        let bytes = entry.statementBytes
        let quoted = Array(try CanonicalJSON.encode(.string(marker)))
        guard let start = bytes.firstRange(of: quoted) else { throw CocoaError(.coderInvalidValue) }
        return (Array(bytes[..<start.lowerBound]), Array(bytes[start.upperBound...]))
    }

    /// A line whose statement is `bytes`, correctly signed by m1, so only the bytes are at fault.
    func signedByFounder(_ bytes: [UInt8]) -> SignedEntry {
        SignedEntry(statementBytes: bytes, signature: founder.signature(for: SignedEntry.signingMessage(bytes)))
    }

    /// Verifies the file as a fresh auditor would.
    func verify() throws -> VerificationReport {
        try Verifier().verify(try LedgerStore.open(at: path, readOnly: true))
    }
}
