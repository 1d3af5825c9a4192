import CoopGovernance
import CoopHTTPSignature
import CoopImport
import CoopLedger
import Foundation
import Testing

/// The corpora of the fuzzers that judge inputs against a fixed scene or law (FuzzWitness,
/// FuzzSecretBallot, FuzzImport, FuzzRules, FuzzRanked, FuzzRequest): every file goes through the fuzzer's own check (the same source file),
/// and the seeds get the answers they were made for.
extension HostileInputCorpusTests {
    @Test("every FuzzWitness corpus file is parsed and decided by the witness (as the fuzzer does); the seeds get their answers")
    func everyWitnessInput() throws {
        let scene = try WitnessFuzzing()
        let files = try Hostile.corpusFiles(of: "FuzzWitness")
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
        let files = try Hostile.corpusFiles(of: "FuzzSecretBallot")
        #expect(files.count >= 10)
        for file in files {
            let problem = scene.check(file.bytes, strict: file.name.hasPrefix("seed-vector"))
            #expect(problem == nil, "FuzzSecretBallot/\(file.name): \(problem ?? "")")
        }
    }

    @Test("every FuzzImport corpus file is read as a treasurer's CSV (as the fuzzer does); the seeds read as tables")
    func everyImportInput() throws {
        let files = try Hostile.corpusFiles(of: "FuzzImport")
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
        let files = try Hostile.corpusFiles(of: "FuzzRules")
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
            let expected = !RulesFuzzing.refusedAsTheyStand.contains(scene.templates[Int(seed.bytes[0]) % scene.templates.count].type)
            #expect(scene.check(seed.bytes).applied == expected, "\(seed.name): applied should be \(expected)")
        }
        // A mutation the rules must refuse though it is validly signed: a supporter records dues.
        #expect(!scene.check([1, 2, 0]).applied)
    }

    @Test("every FuzzRanked corpus file is read, counted and written back (as the fuzzer does); the seeds are counted")
    func everyRankedInput() throws {
        let files = try Hostile.corpusFiles(of: "FuzzRanked")
        for file in files {
            #expect(RankedFuzzing.check(file.bytes) == nil, "FuzzRanked/\(file.name): \(RankedFuzzing.check(file.bytes) ?? "")")
        }
        let seeds = try Self.rankedSeeds()
        try writeSeeds(seeds, fuzzer: "FuzzRanked")
        for seed in seeds {
            #expect(files.contains { $0.name == seed.name && $0.bytes == seed.bytes }, "\(seed.name) is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
            // A seed is an election the fuzzer counts, not a refusal.
            let election = try BLT.read(String(decoding: seed.bytes, as: UTF8.self))
            let result = try RankedCount.count(
                candidates: election.candidates, ballots: election.ballots, method: .meekSTV(seats: election.seats), seed: RankedFuzzing.seed)
            #expect(RankedFuzzing.laws(result, ballots: election.ballots) == nil && !result.winners.isEmpty, "\(seed.name)")
        }
        // The laws catch a count that loses a vote.
        let election = try BLT.read(String(decoding: seeds[0].bytes, as: UTF8.self))
        var broken = try RankedCount.count(candidates: election.candidates, ballots: election.ballots, method: .instantRunoff, seed: RankedFuzzing.seed)
        broken.rounds[0].tallies[0].votes = VoteValue(units: broken.rounds[0].tallies[0].votes.units - 1, places: 5)
        #expect(RankedFuzzing.laws(broken, ballots: election.ballots) != nil)
    }

    /// BLT files as `coop export ballots` writes them (`BLT.write`), and one with what the
    /// reader also takes from other tools (comments, a withdrawn candidate).
    static func rankedSeeds() throws -> [(name: String, bytes: [UInt8])] {
        let irv = try BLT.write(
            title: "Chair", candidates: ["Ana", "Ben", "Cho", "Dee"],
            ballots: [[0, 1], [1, 0, 2], [2, 1], [3, 2, 1, 0], [0], [1, 2], [2], [], [0, 3]].map(RankedBallot.init), seats: 1)
        let stv = try BLT.write(
            title: "Board of directors", candidates: ["Ana", "Ben", "Cho", "Dee", "Eli"],
            ballots: (0..<40).map { n in RankedBallot([n % 5, (n / 5) % 5, (n + 2) % 5].reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }) },
            seats: 3)
        let tied = try BLT.write(
            title: "Tie", candidates: ["Ana", "Ben", "Cho"], ballots: [[0, 1], [1, 0], [2, 0], [2, 1]].map(RankedBallot.init), seats: 2)
        let other = "# from another tool\n4 2\n-4\n3 1 3 0\n2 2 1 0\n1 4 0\n0\n\"Adam\"\n\"Basil\"\n\"Charlotte\"\n\"Donald\"\n\"Example\"\n"
        return [("seed-ranked-irv", irv), ("seed-ranked-stv", stv), ("seed-ranked-tie", tied), ("seed-ranked-withdrawn", other)].map {
            ($0.0, Array($0.1.utf8))
        }
    }

    @Test("every FuzzRequest corpus file is routed and its signature judged (as the fuzzer does); the seeds verify")
    func everyRequestInput() throws {
        let scene = try RequestFuzzing()
        let files = try Hostile.corpusFiles(of: "FuzzRequest")
        for file in files {
            #expect(scene.check(file.bytes) == nil, "FuzzRequest/\(file.name): \(scene.check(file.bytes) ?? "")")
        }
        let seeds = try scene.seeds()
        try writeSeeds(seeds, fuzzer: "FuzzRequest")
        for seed in seeds {
            #expect(files.contains { $0.name == seed.name && $0.bytes == seed.bytes }, "\(seed.name) is not in the corpus (write it: COOP_WRITE_FUZZ_SEEDS=1)")
            let parsed = try #require(RequestFuzzing.request(seed.bytes), "\(seed.name)")
            let request = try SignableRequest(
                method: parsed.method, targetURI: RequestFuzzing.publicURL + parsed.target, fields: parsed.fields, body: parsed.body)
            // The signed reads verify (the fuzzer starts past the signature check); the post has none.
            let verified = try? scene.verify(request)
            #expect((verified != nil) == !seed.name.hasSuffix("-post"), "\(seed.name)")
        }
    }

    /// With COOP_WRITE_FUZZ_SEEDS=1, writes `seeds` into the fuzzer's corpus folder.
    func writeSeeds(_ seeds: [(name: String, bytes: [UInt8])], fuzzer: String) throws {
        guard ProcessInfo.processInfo.environment["COOP_WRITE_FUZZ_SEEDS"] == "1", let root = CoopProcess.packageRoot() else { return }
        let folder = root + "/Tests/CoopReliabilityTests/Corpus/" + fuzzer
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for seed in seeds { try Data(seed.bytes).write(to: URL(fileURLWithPath: folder + "/" + seed.name)) }
    }
}
