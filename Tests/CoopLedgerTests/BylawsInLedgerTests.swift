import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Testing

@Suite("Bylaws carried in the genesis")
struct BylawsInLedgerTests {
    func create(_ dir: TempDir, files: BylawsFiles, hash: SHA256Digest) throws -> Ledger {
        let founder = try testKey(1)
        return try Ledger.create(
            at: dir.file("coop.ledger"), name: "Riverbend", bylawsHash: hash, bylawsFiles: files,
            founders: [Founder(name: "Ada", key: founder.publicKey, roles: [.secretary], memberClass: "therapist")],
            founderKey: founder, ledgerKey: try testKey(200).publicKey, ledgerID: testLedgerID, clock: FixedClock(testTime))
    }

    @Test func filesThatDoNotHashToThePinAreRefusedAndNoFileIsCreated() throws {
        let dir = TempDir()
        let files = try BylawsFilesFixture.shipped()
        let error = try #require(throws: LedgerError.self) { try create(dir, files: files, hash: SHA256.hash(Array("other".utf8))) }
        #expect(error.refusal?.code == .bylaws && error.refusal?.field == "bylaws_files", "\(error)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("coop.ledger")))
    }

    @Test func invalidRulesAreRefused() throws {
        var files = try BylawsFilesFixture.shipped()
        files.files["rules.yaml"] = files.files["rules.yaml"]?.replacingOccurrences(of: "max_arrears_months: 3", with: "max_arrears_months: -1")
        let error = try #require(throws: LedgerError.self) { try create(TempDir(), files: files, hash: try files.digest) }
        #expect(error.refusal?.code == .bylaws && error.refusal?.field == "bylaws_files", "\(error)")
        #expect("\(error)".contains("dues.max_arrears_months"))  // which rule, in the bylaws' own terms
    }

    @Test func theRulesInForceAreReadBackFromTheLedgerAlone() throws {
        let dir = TempDir()
        let files = try BylawsFilesFixture.shipped()
        _ = try create(dir, files: files, hash: try files.digest)
        let reopened = try Ledger.open(at: dir.file("coop.ledger"), readOnly: true)
        let state = try reopened.state()
        #expect(state.bylaws?.version == (try files.digest))
        #expect(state.bylaws?.files == files)
        #expect(state.members[MemberID(number: 1)!]?.tier == "clinician")
        #expect(state.bylawsAdoptions.count == 1 && state.registers.duesSchedule.count == 1)
    }
}
