import CoopImport
import CoopLedger
import Foundation
import Testing

/// The corpora of the fuzzers that judge inputs against a fixed scene (FuzzWitness,
/// FuzzSecretBallot): every file goes through the fuzzer's own check (the same source file),
/// and the seeds get the answers they were made for.
extension HostileInputCorpusTests {
    @Test("every FuzzWitness corpus file is parsed and decided by the witness (as the fuzzer does); the seeds get their answers")
    func everyWitnessInput() throws {
        let scene = try WitnessFuzzing()
        let files = try Hostile.corpusFiles().filter { $0.fuzzer == "FuzzWitness" }
        for file in files {
            let result = scene.check(file.bytes)
            #expect(result.problem == nil, "FuzzWitness/\(file.name): \(result.problem ?? "")")
        }
        let seeds = try scene.seeds()
        for seed in seeds {
            #expect(scene.check(Array(seed.body.utf8)).status == seed.status, "\(seed.name)")
            #expect(files.contains { $0.name == seed.name }, "\(seed.name) is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
        }
        // After an intended change of the scene, rewrite the seeds with
        // COOP_WRITE_FUZZ_SEEDS=1 swift test --filter HostileInputCorpusTests.
        if ProcessInfo.processInfo.environment["COOP_WRITE_FUZZ_SEEDS"] == "1", let root = CoopProcess.packageRoot() {
            let folder = root + "/Tests/CoopReliabilityTests/Corpus/FuzzWitness"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in seeds { try Data(seed.body.utf8).write(to: URL(fileURLWithPath: folder + "/" + seed.name)) }
        }
    }

    @Test("every FuzzSecretBallot corpus file is decoded and verified (as the fuzzer does); the seed vectors verify")
    func everySecretBallotInput() throws {
        let scene = try SecretBallotFuzzing()
        let files = try Hostile.corpusFiles().filter { $0.fuzzer == "FuzzSecretBallot" }
        #expect(files.count >= 10)
        for file in files {
            let problem = scene.check(file.bytes, strict: file.name.hasPrefix("seed-vector"))
            #expect(problem == nil, "FuzzSecretBallot/\(file.name): \(problem ?? "")")
        }
    }

    @Test("every FuzzImport corpus file is read as a treasurer's CSV (as the fuzzer does); the seeds read as tables")
    func everyImportInput() throws {
        let files = try Hostile.corpusFiles().filter { $0.fuzzer == "FuzzImport" }
        for file in files {
            #expect(ImportFuzzing.check(file.bytes) == nil, "FuzzImport/\(file.name): \(ImportFuzzing.check(file.bytes) ?? "")")
        }
        if ProcessInfo.processInfo.environment["COOP_WRITE_FUZZ_SEEDS"] == "1", let root = CoopProcess.packageRoot() {
            let folder = root + "/Tests/CoopReliabilityTests/Corpus/FuzzImport"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in ImportFuzzing.seeds { try Data(seed.bytes).write(to: URL(fileURLWithPath: folder + "/" + seed.name)) }
        }
        for seed in ImportFuzzing.seeds {
            #expect(files.contains { $0.name == seed.name && $0.bytes == seed.bytes }, "\(seed.name) is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
            // A seed is a file the import reads: a table, not a refusal.
            let layout = ImportFuzzing.layouts[Int(seed.bytes[0]) % ImportFuzzing.layouts.count]
            let text = String(decoding: seed.bytes.dropFirst(), as: UTF8.self)
            let table = try CSVTable(text: text, path: seed.name, required: layout.required, optional: layout.optional, otherColumns: layout.other)
            #expect(table.rows.count >= 2, "\(seed.name)")
        }
    }

    @Test("every FuzzRules corpus file is re-signed and applied (as the fuzzer does); each seed, a template as its author signs it, applies")
    func everyRulesInput() throws {
        let scene = try RulesFuzzing()
        let files = try Hostile.corpusFiles().filter { $0.fuzzer == "FuzzRules" }
        for file in files {
            let result = scene.check(file.bytes)
            #expect(result.problem == nil, "FuzzRules/\(file.name): \(result.problem ?? "")")
        }
        if ProcessInfo.processInfo.environment["COOP_WRITE_FUZZ_SEEDS"] == "1", let root = CoopProcess.packageRoot() {
            let folder = root + "/Tests/CoopReliabilityTests/Corpus/FuzzRules"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in scene.seeds() { try Data(seed.bytes).write(to: URL(fileURLWithPath: folder + "/" + seed.name)) }
        }
        for seed in scene.seeds() {
            #expect(files.contains { $0.name == seed.name && $0.bytes == seed.bytes }, "\(seed.name) is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
            let expected = !scene.templates.contains { "seed-" + $0.type.rawValue == seed.name && RulesFuzzing.refusedAsTheyStand.contains($0.type) }
            #expect(scene.check(seed.bytes).applied == expected, "\(seed.name): applied should be \(expected)")
        }
        // A mutation the rules must refuse though it is validly signed: a supporter records dues.
        #expect(!scene.check([1, 2, 0]).applied)
    }
}
