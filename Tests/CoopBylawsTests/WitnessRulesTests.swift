import CoopBylaws
import CoopCrypto
import CoopTlog
import Foundation
import Testing

/// The bylaws' `witnesses` section: k of n witnesses with their vkeys and URLs.
@Suite("Bylaws: witnesses")
struct WitnessRulesTests {
    static let keyA = Ed25519.PrivateKey()
    static let keyB = Ed25519.PrivateKey()

    static func vkey(_ name: String, _ key: Ed25519.PrivateKey) throws -> String {
        try CosignerKey(name: name, publicKey: key.publicKey).vkey
    }

    /// The shipped bylaws with `section` appended.
    static func withSection(_ section: String) throws -> BylawsFiles {
        var files = try BylawsReaderTests.shipped()
        let text = try #require(files.files[BylawsFiles.rulesFile])
        files.files[BylawsFiles.rulesFile] = text + "\n" + section
        return files
    }

    @Test("the shipped bylaws name no witness: none required")
    func shippedNeedsNone() throws {
        let rules = try BylawsReader.read(try BylawsReaderTests.shipped()).rules
        #expect(rules.witnesses == nil)
        #expect(rules.witnessRules.threshold == 0)
        #expect(try rules.witnessRules.policy() == nil)
    }

    @Test("a section with two witnesses (a vkey and an ed25519 key) and k = 2 reads into a policy")
    func twoOfTwo() throws {
        let a = try Self.vkey("witness.a.coop", Self.keyA)
        let b = Self.keyB.publicKey.text
        let files = try Self.withSection(
            """
            witnesses:
              threshold: 2
              tolerance_seconds: 120
              list:
                - name: witness.a.coop
                  key: \(a)
                  url: https://witness.a.coop
                - name: witness.b.coop
                  key: \(b)
                  url: http://127.0.0.1:9000
            """)
        let rules = try BylawsReader.read(files).rules.witnessRules
        #expect(rules.threshold == 2 && rules.toleranceSeconds == 120)
        #expect(rules.witnesses.map(\.name) == ["witness.a.coop", "witness.b.coop"])
        #expect(rules.witnesses[0].vkey == a)
        #expect(rules.witnesses[1].vkey == (try Self.vkey("witness.b.coop", Self.keyB)))
        let policy = try #require(try rules.policy())
        #expect(policy.threshold == 2 && policy.witnesses.count == 2)
    }

    @Test("a threshold above the list, a vkey named otherwise, a bad URL and a 0x01 note key are each reported")
    func problems() throws {
        let a = try Self.vkey("witness.a.coop", Self.keyA)
        let noteKey = try NoteVerifierKey(name: "witness.c.coop", publicKey: Self.keyB.publicKey).text
        let cases: [(String, String)] = [
            ("witnesses:\n  threshold: 2\n  list:\n    - name: witness.a.coop\n      key: \(a)\n      url: https://a.coop\n", "more than the 1"),
            ("witnesses:\n  threshold: 1\n  list:\n    - name: other.coop\n      key: \(a)\n      url: https://a.coop\n", "is named"),
            ("witnesses:\n  threshold: 1\n  list:\n    - name: witness.a.coop\n      key: \(a)\n      url: ftp://a.coop\n", "http://"),
            ("witnesses:\n  threshold: 1\n  list:\n    - name: witness.c.coop\n      key: \(noteKey)\n      url: https://c.coop\n", "not a witness key"),
        ]
        for (section, expected) in cases {
            let problems = BylawsReaderTests.problems(try Self.withSection(section))
            #expect(problems.contains { $0.message.contains(expected) }, "\(expected): \(problems)")
        }
    }
}
