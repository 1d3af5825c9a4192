import CoopAPI
import CoopBylaws
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
        for fuzzer in [
            "FuzzCanonicalJSON", "FuzzEntry", "FuzzReceipt", "FuzzCheckpoint", "FuzzKeyFile", "FuzzBylaws", "FuzzBundle", "FuzzWire", "FuzzWitness",
            "FuzzSecretBallot", "FuzzImport", "FuzzRules", "FuzzRanked", "FuzzRequest",
        ] {
            #expect(files.contains { $0.fuzzer == fuzzer }, "no corpus for \(fuzzer)")
        }
    }

    @Test("every corpus file through every decoder")
    func everyDecoder() throws {
        var pass = Array(Hostile.vectorPassphrase.utf8)
        let passphrase = SecretBytes(consuming: &pass)
        for file in try Hostile.corpusFiles() {
            let location = "\(file.fuzzer)/\(file.name)"
            let bytes = file.bytes
            let text = String(decoding: bytes, as: UTF8.self)

            // Canonical JSON (typed throws: only CanonicalJSONError can come out). decodeCanonical
            // accepts exactly what parses and re-encodes to itself, as the fuzzer checks.
            let strict = try? CanonicalJSON.decodeCanonical(bytes)
            let lenient = try? CanonicalJSON.decode(bytes)
            let reference = lenient.flatMap { try? CanonicalJSON.encode($0) } == bytes
            #expect((strict != nil) == reference, "\(location): decodeCanonical disagrees with decode + encode")
            if let strict { #expect(strict == lenient, "\(location): the two decoders give different values") }

            expectOnly([LedgerError.self], location) { _ = try LogEntry(lineBytes: bytes).decode() }
            // The common-layout statement reader (verify's fast path) agrees with the general one.
            for statement in [bytes, (try? LogEntry(lineBytes: bytes))?.signed.statementBytes].compactMap({ $0 }) {
                if let fast = StatementLayout.read(statement) {
                    #expect(fast == (try? Statement(json: CanonicalJSON.decodeCanonical(statement))), "\(location): the statement readers disagree")
                }
            }
            expectOnly([TlogError.self], location) { _ = try TlogProof.parse(text) }
            expectOnly([LedgerError.self], location) { _ = try Receipt.verify(text, ledgerKey: Hostile.vectorLedgerKey) }
            expectOnly([TlogError.self], location) { _ = try SignedNote.parse(bytes: bytes) }
            expectOnly([TlogError.self], location) { _ = try SignedCheckpoint.parse(text) }
            expectOnly([TlogError.self, LedgerError.self], location) {
                _ = try Checkpoints.open(text, keyText: Hostile.vectorLedgerKey, origin: Hostile.vectorOrigin)
            }
            expectOnly([CryptoError.self], location) { _ = try KeyFile.publicKey(of: text) }
            // Only files that ask for the cheapest KDF reach Argon2id (as in the fuzzer).
            if (try? KeyFile.publicKey(of: text)) != nil, text.contains("\nkdf: argon2id13 ops=1 mem=8192\n") {
                expectOnly([CryptoError.self], location) { _ = try KeyFile.open(text, passphrase: passphrase) }
            }
            expectBylawsJudged(text, location)
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
            case "FuzzEntry": _ = try LogEntry(lineBytes: file.bytes).decode()
            case "FuzzReceipt": _ = try Receipt.verify(text, ledgerKey: Hostile.vectorLedgerKey)
            case "FuzzCheckpoint": _ = try Checkpoints.open(text, keyText: Hostile.vectorLedgerKey, origin: Hostile.vectorOrigin)
            case "FuzzKeyFile": _ = try KeyFile.open(text, passphrase: passphrase)
            case "FuzzBylaws": _ = try BylawsReader.read(Self.bylawsFiles(rules: text))
            case "FuzzSecretBallot": continue  // checked by everySecretBallotInput, with its scene
            case "FuzzBundle":
                let dir = Self.bundleScratch()
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let report = try HostileBundle.verify(file.bytes, in: dir)
                // A stale seed after an intended change of the entry or state format: regenerate the
                // bundle seeds with COOP_WRITE_FUZZ_SEEDS=1 swift test --filter HostileBundleTests.
                #expect(report.ok, "\(file.name) is stale (see the comment): \(report.problems)")
            default: Issue.record("unexpected seed \(file.fuzzer)/\(file.name)")
            }
        }
    }

    @Test("every FuzzBundle corpus file, cut into a bundle folder, verifies or throws LedgerError")
    func everyBundle() throws {
        let dir = Self.bundleScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try Hostile.corpusFiles(of: "FuzzBundle")
        #expect(!files.isEmpty)
        for file in files {
            expectOnly([LedgerError.self], "FuzzBundle/\(file.name)") { _ = try HostileBundle.verify(file.bytes, in: dir) }
        }
    }

    @Test("every FuzzWire corpus file through the reader its first byte picks (as the fuzzer does); the seeds parse")
    func everyWireInput() throws {
        let files = try Hostile.corpusFiles(of: "FuzzWire")
        #expect(files.count >= 5)
        for file in files {
            #expect(WireFuzzing.check(file.bytes) == nil, "FuzzWire/\(file.name): \(WireFuzzing.check(file.bytes) ?? "")")
        }
        func seed(_ name: String) throws -> [UInt8] {
            try #require(files.first { $0.name == name }, "\(name) is not in the corpus").bytes.dropFirst().map { $0 }
        }
        #expect(try PostBody.entries(try seed("seed-wire-post")).count == 3)
        let bundle = try seed("seed-wire-bundle")
        for leaf in try CoopEntryBundle.leaves(Array(bundle.dropFirst()), count: Int(bundle.first ?? 0) + 1) { _ = try LogEntry(leaf: leaf).decode() }
        _ = try LogEntry(leaf: try seed("seed-wire-leaf")).decode()
        // The tiles seed is the honest tree's tiles between sizes 5 and 700 (so the fuzzer starts
        // where the roots are compared).
        let tiles = try WireFuzzing.tilesSeed()
        try writeSeeds([("seed-wire-tiles", tiles)], fuzzer: "FuzzWire")
        #expect(
            files.contains { $0.name == "seed-wire-tiles" && $0.bytes == tiles }, "seed-wire-tiles is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
        #expect(WireFuzzing.sizes(Array(tiles.dropFirst())).map { [$0.m, $0.n] } == [5, 700])
    }

    /// A fresh folder name for FuzzBundle inputs (the caller removes the folder).
    private static func bundleScratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("coop-corpus-bundle-\(UUID().uuidString)").path
    }

    /// The human text beside the fuzzed rules (as in FuzzBylaws: any non-blank text will do).
    private static let bylawsText = "# Bylaws of the Fuzzing Cooperative\n\nThe machine rules are in rules.yaml.\n"

    private static func bylawsFiles(rules: String) -> BylawsFiles {
        BylawsFiles([BylawsFiles.textFile: bylawsText, BylawsFiles.rulesFile: rules])
    }

    /// FuzzBylaws's check: `text` as a `rules.yaml` gives bylaws or `BylawsError`, and rules it
    /// accepts come back unchanged through their canonical JSON.
    private func expectBylawsJudged(_ text: String, _ location: String) {
        let bylaws: Bylaws
        do {
            bylaws = try BylawsReader.read(Self.bylawsFiles(rules: text))
        } catch {
            #expect(error is BylawsError, "\(location): unexpected error \(type(of: error)): \(error)")
            return
        }
        do {
            let json = try CanonicalJSONEncoder().encode(bylaws.rules)
            let decoded = try CanonicalJSONDecoder().decode(BylawsRules.self, from: json)
            #expect(decoded == bylaws.rules, "\(location): the rules changed through canonical JSON")
        } catch {
            Issue.record("\(location): accepted rules do not round-trip through canonical JSON: \(error)")
        }
    }

    /// Runs `body`; a thrown error must be one of `types`.
    private func expectOnly(_ types: [any Error.Type], _ location: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            let known = types.contains { ObjectIdentifier(type(of: error)) == ObjectIdentifier($0) }
            #expect(known, "\(location): unexpected error \(type(of: error)): \(error)")
        }
    }
}
