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
}
