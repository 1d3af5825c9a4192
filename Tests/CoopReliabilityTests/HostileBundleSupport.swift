import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopExport
import CoopLedger
import CoopModel
import Foundation

/// Export bundles as FuzzBundle sees them: one byte string cut into the bundle's files by
/// `BundleFraming` (the same file as the fuzzer's), with the seed ledgers and their variants.
enum HostileBundle {
    /// Writes `input` into `dir` and verifies it as FuzzBundle does (`coop verify --bundle DIR
    /// --ledger-key <vector key> [--since kept]`).
    static func verify(_ input: [UInt8], in dir: String) throws -> VerificationReport {
        let kept = BundleFraming.write(input, to: dir)
        var options = VerifyOptions()
        options.trustedLedgerKey = Hostile.vectorLedgerKey
        options.keptCheckpoint = kept
        options.workers = 1
        return try Verifier(catalog: .cooperative).verify(try BundleSource(directory: dir), options: options)
    }

    /// Exports `ledger` and frames every file of the bundle (manifest, entries, checkpoints,
    /// snapshots, keys), then `kept` if given.
    static func exportFramed(_ ledger: Ledger, kept: String?, scratch: String) throws -> [UInt8] {
        let out = scratch + "/export-\(UUID().uuidString)"
        try AuditBundle.export(ledger, to: out)
        defer { try? FileManager.default.removeItem(atPath: out) }
        var files: [(String, [UInt8])] = []
        for name in ["bundle.json", "entries.log"] { files.append((name, try bytes(out + "/" + name))) }
        for folder in ["checkpoints", "snapshots"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: out + "/" + folder).sorted() {
                files.append((folder + "/" + name, try bytes(out + "/" + folder + "/" + name)))
            }
        }
        files.append(("keys.txt", try bytes(out + "/keys.txt")))
        if let kept { files.append((BundleFraming.keptName, Array(kept.utf8))) }
        return BundleFraming.frame(files)
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// `input` with the part `name` replaced by `bytes` (added at the end when absent; removed
    /// when `bytes` is nil).
    static func replacing(_ name: String, with bytes: [UInt8]?, in input: [UInt8]) -> [UInt8] {
        var parts = BundleFraming.split(input)
        let at = parts.firstIndex { $0.name == name }
        if let at { parts.remove(at: at) }
        if let bytes { parts.insert((name, bytes), at: at ?? parts.endIndex) }
        return BundleFraming.frame(parts)
    }

    /// The part `name` of `input`.
    static func part(_ name: String, of input: [UInt8]) -> [UInt8]? { BundleFraming.split(input).first { $0.name == name }?.bytes }
}

/// The ledgers the FuzzBundle seeds are exported from, signed with the docs/FORMAT.md vector keys
/// (ledger key seed 0xc8, ledger id 0011…eeff) at a fixed time, so they are the same every time.
enum BundleSeedLedgers {
    /// A folder for building seeds, removed by the caller.
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bundle-seed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Nine entries without machine bylaws: admissions, notes, a role grant, a key rotation;
    /// checkpoints at 7 and 9 (the first kept). Returns the framed bundle.
    static func small(in dir: String) throws -> [UInt8] {
        let founder = try Hostile.key(1), m2Key = try Hostile.key(10), m3Key = try Hostile.key(11), rotated = try Hostile.key(12)
        let ledgerKey = try Hostile.key(200)
        let ledger = try Ledger.create(
            at: dir + "/small.ledger", name: "Fuzzing Cooperative", bylawsHash: SHA256.hash(Array("bylaws v1".utf8)),
            founders: [Founder(name: "Ada Founder", key: founder.publicKey, roles: [.secretary])],
            founderKey: founder, ledgerKey: ledgerKey.publicKey, ledgerID: Hostile.ledgerID, clock: FixedClock(Hostile.time))
        let m1 = try MemberID("m1").orThrow(), m2 = try MemberID("m2").orThrow(), m3 = try MemberID("m3").orThrow()
        for (id, key) in [("m2", m2Key), ("m3", m3Key)] {
            try ledger.append(
                type: .memberAdmit,
                body: .object([
                    "name": .string("Member \(id)"),
                    "key": .string(key.publicKey.text),
                ]), author: m1, key: founder)
        }
        try ledger.append(type: .note, body: .object(["text": "Minutes approved."]), author: m2, key: m2Key)
        try ledger.append(type: .roleGrant, body: .object(["member": "m2", "role": "treasurer"]), author: m1, key: founder)
        try ledger.append(type: .keyRotate, body: .object(["new_key": .string(rotated.publicKey.text)]), author: m3, key: m3Key)
        try ledger.append(type: .note, body: .object(["text": "Signed with my new key."]), author: m3, key: rotated)
        let kept = try ledger.checkpoint(ledgerKey: ledgerKey)
        try ledger.append(type: .note, body: .object(["text": "Later."]), author: m1, key: founder)
        try ledger.append(type: .note, body: .object(["text": "Later still."]), author: m2, key: m2Key)
        try ledger.checkpoint(ledgerKey: ledgerKey)
        return try HostileBundle.exportFramed(ledger, kept: kept.note, scratch: dir)
    }

    /// The shipped bylaws in the genesis, two members admitted by class, a dues payment, a
    /// resolution proposed, opened, voted (one ballot changed) and closed; a checkpoint (kept)
    /// after the close, then a note.
    static func governance(in dir: String) throws -> [UInt8] {
        guard let root = CoopProcess.packageRoot() else { throw CocoaError(.fileNoSuchFile) }
        let files = try BylawsFiles.load(folder: root + "/Bylaws")
        let founder = try Hostile.key(1), m2Key = try Hostile.key(10), m3Key = try Hostile.key(11)
        let ledgerKey = try Hostile.key(200)
        let ledger = try Ledger.create(
            at: dir + "/governance.ledger", name: "Riverbend Behavioral Health Cooperative",
            bylawsHash: try files.digest, bylawsFiles: files,
            founders: [Founder(name: "Ada", key: founder.publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: founder, ledgerKey: ledgerKey.publicKey, ledgerID: Hostile.ledgerID, clock: FixedClock(Hostile.time))
        let m1 = try MemberID("m1").orThrow(), m2 = try MemberID("m2").orThrow(), m3 = try MemberID("m3").orThrow()
        for (id, key, cls) in [("m2", m2Key, "therapist"), ("m3", m3Key, "staff")] {
            try ledger.append(
                type: .memberAdmit,
                body: .object([
                    "name": .string("Member \(id)"), "key": .string(key.publicKey.text), "class": .string(cls),
                ]), author: m1, key: founder)
        }
        try ledger.append(type: .duesPay, body: .object(["member": "m2", "amount": .integer(8500)]), author: m1, key: founder)
        try ledger.append(
            type: .motionPropose,
            body: .object([
                "kind": "resolution", "title": "2027 budget", "text": "Resolved: the cooperative adopts the 2027 budget.",
            ]), author: m1, key: founder)
        let proposed = try ledger.state()
        try ledger.append(
            try proposed.openBody(for: try MotionID("M1").orThrow(), openDate: try proposed.ledgerTime.orThrow().date),
            by: m1, key: founder)
        for (who, key, choice) in [(m2, m2Key, "yes"), (m3, m3Key, "no"), (m3, m3Key, "yes"), (m1, founder, "abstain")] {
            try ledger.append(type: .ballotCast, body: .object(["motion": "M1", "choice": .string(choice)]), author: who, key: key)
        }
        let state = try ledger.state()
        try ledger.append(try state.closeBody(for: try state.motion(MotionID("M1").orThrow())).body, by: m1, key: founder)
        let kept = try ledger.checkpoint(ledgerKey: ledgerKey)
        try ledger.append(type: .note, body: .object(["text": "The budget passed."]), author: m2, key: m2Key)
        return try HostileBundle.exportFramed(ledger, kept: kept.note, scratch: dir)
    }
}
