import CoopCanonicalJSON
import CoopCrypto
import CoopModel
import Foundation
import Testing

@testable import CoopSecretBallot

/// The test vectors of docs/SECRET-BALLOTS.md are generated here (seeded randomness) and must match
/// the document byte for byte. After an intended format change:
/// `COOP_WRITE_VECTORS=1 swift test --filter SecretBallotVectorTests`, then review the diff.
@Suite("docs/SECRET-BALLOTS.md test vectors")
struct SecretBallotVectorTests {
    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/SECRET-BALLOTS.md").path
    static let begin = "<!-- vectors:begin -->\n"
    static let end = "<!-- vectors:end -->"

    /// One transcript field as the document defines it: u32be length, then the bytes.
    static func field(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
    }

    static func u64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: UInt64(v) >> (56 - 8 * UInt64($0))) } }

    /// A transcript written out field by field, independently of `Ristretto255.Transcript`.
    struct Fields {
        var lines: [(label: String, bytes: [UInt8])] = []
        mutating func add(_ label: String, _ bytes: [UInt8]) { lines.append((label, bytes)) }
        mutating func text(_ label: String, _ s: String) { add("\(label) \"\(s)\"", Array(s.utf8)) }
        mutating func int(_ label: String, _ v: Int) { add("\(label) \(v)", u64(v)) }
        var input: [UInt8] { lines.flatMap { SecretBallotVectorTests.field($0.bytes) } }
        var rendered: String {
            lines.map { line in
                let f = SecretBallotVectorTests.field(line.bytes)
                return Hex.encode(f.prefix(4)) + " " + Hex.encode(f.dropFirst(4)) + "  # " + line.label
            }.joined(separator: "\n")
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try CanonicalJSONEncoder().encode(value), as: UTF8.self)
    }

    /// The documented election: a 2-of-3 ceremony, three voters on a yes/no/abstain ballot.
    struct Documented {
        let trustees: Ceremony
        let context: ElectionContext
        let ballots: [CastBallot]
        let tally: EncryptedTally
        let partials: [PartialDecryption]

        init() throws {
            let trustees = try Ceremony(trustees: 3, threshold: 2, seed: 2026, label: "motion-7")
            let context = try trustees.context(choices: 3, minimum: 1, maximum: 1)
            let random = SeededRandom(seed: 2027)
            let ballots = try [[false, true, false], [true, false, false], [false, true, false]].enumerated().map { i, s in
                let voter = member(Int64(i + 1))
                return CastBallot(voter: voter, ballot: try EncryptedBallot.encrypt(selections: s, context: context, voter: voter, random: random))
            }
            let tally = try SecretTallyAudit.verifiedTally(context: context, ballots: ballots)
            partials = try [1, 3].map { PartialDecryption.make(tally: tally, context: context, share: try trustees.share($0), random: random) }
            self.trustees = trustees
            self.context = context
            self.ballots = ballots
            self.tally = tally
        }

        /// The transcript of choice 0's proof of ballot 0, rebuilt from the document's rules,
        /// with the commitments recomputed from the proof as a verifier does.
        func choiceZeroTranscript() -> Fields {
            let ballot = ballots[0].ballot
            var f = Fields()
            f.text("domain", "coop/secret-ballot/v1/ballot")
            f.text("ledger_id", context.ledgerID)
            f.text("motion_id", context.motionID)
            f.text("electorate_hash", context.electorateHash)
            f.int("choices", context.choices)
            f.int("min", context.minimum)
            f.int("max", context.maximum)
            f.add("public_key", context.publicKey.bytes)
            f.text("voter", "m1")
            f.int("k", ballot.choices.count)
            for (i, c) in ballot.choices.enumerated() {
                f.add("alpha_\(i)", c.alpha.bytes)
                f.add("beta_\(i)", c.beta.bytes)
            }
            f.text("kind", "choice")
            f.int("index", 0)
            f.int("lo", 0)
            f.int("hi", 1)
            let c = ballot.choices[0]
            f.add("alpha", c.alpha.bytes)
            f.add("beta", c.beta.bytes)
            for (j, branch) in c.proof.enumerated() {
                let t1 = Element.generatorMultiple(branch.response) - branch.challenge * c.alpha
                let t2 = branch.response * context.publicKey - branch.challenge * (c.beta - Element.generatorMultiple(Scalar(UInt64(j))))
                f.add("t1_\(j) = s_\(j)·B − c_\(j)·alpha", t1.bytes)
                f.add("t2_\(j) = s_\(j)·Y − c_\(j)·(beta − \(j)·B)", t2.bytes)
            }
            return f
        }
    }

    static func render() throws -> String {
        let d = try Documented()
        var out = "Transcript encoding (§3), domain `coop/example`, fields \"m7\", 7 (u64), B:\n\n```text\n"
        var example = Fields()
        example.text("domain", "coop/example")
        example.text("text", "m7")
        example.int("u64", 7)
        example.add("element B", Element.generator.bytes)
        out += example.rendered + "\nSHA-512:   " + Hex.encode(SHA512.hash(example.input))
        out += "\nchallenge: " + Hex.encode(try Scalar(reducing: SHA512.hash(example.input)).bytes) + "\n```\n"

        out += "\nThe ceremony (§5), trustees m101, m102, m103, threshold 2:\n\n```json\n" + (try json(d.trustees.ceremony)) + "\n```\n"
        out += "\nStep 0, each trustee's key:\n\n```json\n" + (try d.trustees.keys.map(json).joined(separator: "\n")) + "\n```\n"
        out += "\nStep 1, trustee 1's dealing:\n\n```json\n" + (try json(d.trustees.dealings[0])) + "\n```\n"
        out += "\nStep 2, trustee 2's share check:\n\n```json\n" + (try json(d.trustees.checks[1])) + "\n```\n"
        out += "\nStep 3, the setup derived from them:\n\n```json\n" + (try json(d.trustees.setup)) + "\n```\n"

        out += "\nThe election context (§6):\n\n```json\n" + (try json(d.context)) + "\n```\n"
        out +=
            "\nThe ballot of m1, who selected choice 1 (only these vectors say so; nothing in the ballot does):\n\n```json\n"
            + (try json(d.ballots[0].ballot)) + "\n```\n"
        let fields = d.choiceZeroTranscript()
        out += "\nThe transcript of that ballot's choice-0 proof, field by field (4-byte length, then the bytes):\n\n```text\n"
        out += fields.rendered + "\n"
        out += "SHA-512:         " + Hex.encode(SHA512.hash(fields.input)) + "\n"
        out += "challenge c:     " + (try Scalar(reducing: SHA512.hash(fields.input))).base64 + "\n"
        out += "c_0 + c_1:       " + (d.ballots[0].ballot.choices[0].proof[0].challenge + d.ballots[0].ballot.choices[0].proof[1].challenge).base64
        out += "\n```\n"

        out += "\nThe ballots of m2 (choice 0) and m3 (choice 1), and the encrypted tally of all three (§7):\n\n```json\n"
        out += (try d.ballots.dropFirst().map { try json($0) }.joined(separator: "\n")) + "\n" + (try json(d.tally)) + "\n```\n"
        out += "\nPartial decryptions by trustees 1 and 3:\n\n```json\n" + (try d.partials.map(json).joined(separator: "\n")) + "\n```\n"
        let lambdas = Lagrange.coefficientsAtZero([1, 3])
        out += "\nLagrange coefficients at 0 for {1, 3}: λ_1 = " + lambdas[0].base64 + ", λ_3 = " + lambdas[1].base64 + "\n"
        let result = try d.tally.decrypt(partials: d.partials, setup: d.trustees.setup, context: d.context).counts()
        out += "\nThe decrypted tally:\n\n```json\n" + (try json(result)) + "\n```\n"

        let ten = try d.trustees.context(choices: 10, minimum: 0, maximum: 10)
        let tenBallot = try EncryptedBallot.encrypt(selected: [2, 5], context: ten, voter: member(1), random: SeededRandom(seed: 9))
        let tenPartial = PartialDecryption.make(
            tally: try EncryptedTally(adding: [tenBallot], context: ten), context: ten, share: try d.trustees.share(1), random: SeededRandom(seed: 10))
        out += "\nSizes in bytes of canonical JSON (§9): "
        out += "trustee key \(try json(d.trustees.keys[0]).utf8.count), "
        out += "dealing (n 3, t 2) \(try json(d.trustees.dealings[0]).utf8.count), "
        out += "share check without complaint \(try json(d.trustees.checks[0]).utf8.count), "
        out += "ballot (3 choices, 1...1) \(try json(d.ballots[0].ballot).utf8.count), "
        out += "ballot (10 choices, 0...10) \(try json(tenBallot).utf8.count), "
        out += "partial decryption (3 choices) \(try json(d.partials[0]).utf8.count), "
        out += "partial decryption (10 choices) \(try json(tenPartial).utf8.count).\n"
        return out
    }

    @Test func documentVectorsMatchTheCode() throws {
        let doc = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        let start = try #require(doc.range(of: Self.begin))
        let stop = try #require(doc.range(of: Self.end))
        let rendered = try Self.render()
        if ProcessInfo.processInfo.environment["COOP_WRITE_VECTORS"] == "1" {
            let updated = String(doc[..<start.upperBound]) + rendered + String(doc[stop.lowerBound...])
            try updated.write(toFile: Self.documentPath, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(doc[start.upperBound..<stop.lowerBound]) == rendered,
            "docs/SECRET-BALLOTS.md vectors differ from the code; regenerate with COOP_WRITE_VECTORS=1 if the change is intended")
    }

    @Test func vectorsAreDeterministic() throws {
        #expect(try Self.render() == (try Self.render()))
    }

    /// The document's byte-by-byte rules, applied independently of the code's transcripts,
    /// give the challenge the documented ballot's proof carries.
    @Test func theDocumentedTranscriptRulesReproduceTheChallenge() throws {
        let d = try Documented()
        let fields = d.choiceZeroTranscript()
        let proof = d.ballots[0].ballot.choices[0].proof
        #expect(try Scalar(reducing: SHA512.hash(fields.input)) == proof[0].challenge + proof[1].challenge)
        try d.ballots[0].ballot.verify(context: d.context, voter: member(1))
        // And the documented tally decrypts to the documented selections.
        #expect(try d.tally.decrypt(partials: d.partials, setup: d.trustees.setup, context: d.context).counts().counts == [1, 2, 0])
    }
}
