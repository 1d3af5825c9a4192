import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopTlog
import Foundation
import Testing

/// Every file under Corpus/ (the fuzzers' seeds, what they added, and minimized crashes) is fed
/// to every decoder: each must return a value or throw its module's error, never crash.
@Suite("Hostile input: regression corpus")
struct HostileInputCorpusTests {
    @Test("the corpus is there")
    func corpusPresent() throws {
        let files = try Hostile.corpusFiles()
        for fuzzer in ["FuzzCanonicalJSON", "FuzzEntry", "FuzzReceipt", "FuzzCheckpoint", "FuzzKeyFile"] {
            #expect(files.contains { $0.fuzzer == fuzzer }, "no corpus for \(fuzzer)")
        }
    }

    @Test("every corpus file through every decoder")
    func everyDecoder() throws {
        var pass = Array(Hostile.vectorPassphrase.utf8)
        let passphrase = SecretBytes(consuming: &pass)
        for file in try Hostile.corpusFiles() {
            let where_ = "\(file.fuzzer)/\(file.name)"
            let bytes = file.bytes
            let text = String(decoding: bytes, as: UTF8.self)

            // Canonical JSON (typed throws: only CanonicalJSONError can come out). decodeCanonical
            // accepts exactly what parses and re-encodes to itself, as the fuzzer checks.
            let strict = try? CanonicalJSON.decodeCanonical(bytes)
            let lenient = try? CanonicalJSON.decode(bytes)
            let reference = lenient.flatMap { try? CanonicalJSON.encode($0) } == bytes
            #expect((strict != nil) == reference, "\(where_): decodeCanonical disagrees with decode + encode")
            if let strict { #expect(strict == lenient, "\(where_): the two decoders give different values") }

            expectOnly([LedgerError.self], where_) { _ = try SignedEntry(lineBytes: bytes).decode() }
            expectOnly([TlogError.self], where_) { _ = try TlogProof.parse(text) }
            expectOnly([LedgerError.self], where_) { _ = try Receipt.verify(text, ledgerKey: Hostile.vectorLedgerKey) }
            expectOnly([TlogError.self], where_) { _ = try SignedNote.parse(bytes: bytes) }
            expectOnly([TlogError.self], where_) { _ = try SignedCheckpoint.parse(text) }
            expectOnly([TlogError.self, LedgerError.self], where_) {
                _ = try Checkpoints.open(text, keyText: Hostile.vectorLedgerKey, origin: Hostile.vectorOrigin)
            }
            expectOnly([CryptoError.self], where_) { _ = try KeyFile.publicKey(of: text) }
            // Only files that ask for the cheapest KDF reach Argon2id (as in the fuzzer).
            if (try? KeyFile.publicKey(of: text)) != nil, text.contains("\nkdf: argon2id13 ops=1 mem=8192\n") {
                expectOnly([CryptoError.self], where_) { _ = try KeyFile.open(text, passphrase: passphrase) }
            }
        }
    }

    @Test("the seed vectors still decode (so the fuzzers start from valid inputs)")
    func seedsAreValid() throws {
        let files = try Hostile.corpusFiles().filter { $0.name.hasPrefix("seed-vector") }
        #expect(files.count >= 10)
        var pass = Array(Hostile.vectorPassphrase.utf8)
        let passphrase = SecretBytes(consuming: &pass)
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            switch file.fuzzer {
            case "FuzzEntry": _ = try SignedEntry(lineBytes: file.bytes).decode()
            case "FuzzReceipt": _ = try Receipt.verify(text, ledgerKey: Hostile.vectorLedgerKey)
            case "FuzzCheckpoint": _ = try Checkpoints.open(text, keyText: Hostile.vectorLedgerKey, origin: Hostile.vectorOrigin)
            case "FuzzKeyFile": _ = try KeyFile.open(text, passphrase: passphrase)
            default: Issue.record("unexpected seed \(file.fuzzer)/\(file.name)")
            }
        }
    }

    /// Runs `body`; a thrown error must be one of `types`.
    private func expectOnly(_ types: [any Error.Type], _ where_: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            let known = types.contains { ObjectIdentifier(type(of: error)) == ObjectIdentifier($0) }
            #expect(known, "\(where_): unexpected error \(type(of: error)): \(error)")
        }
    }
}
