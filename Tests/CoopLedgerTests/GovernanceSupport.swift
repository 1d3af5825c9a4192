import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import Foundation

/// A cooperative on the shipped (or edited) bylaws for governance tests: m1 Ada (therapist;
/// secretary, treasurer, board), members admitted by class, and helpers that sign as each member.
struct Assembly {
    let dir = TempDir()
    let clock = SettableClock("2026-01-15T12:00:00Z")
    let ledger: Ledger
    var keys: [MemberID: Ed25519.PrivateKey] = [:]
    var path: String { dir.file("coop.ledger") }
    let m1 = MemberID(number: 1)!

    /// The shipped bylaws with `old` replaced by `new` in rules.yaml (and a changed text, so the
    /// version differs even when the rules do not).
    static func bylaws(editing edits: [(String, String)] = [], note: String = "") throws -> BylawsFiles {
        var files = try BylawsFiles.load(folder: RulesCoop.bylawsFolder)
        var rules = files.files[BylawsFiles.rulesFile] ?? ""
        for (old, new) in edits {
            precondition(rules.components(separatedBy: old).count == 2, "\(old) must occur once")
            rules = rules.replacingOccurrences(of: old, with: new)
        }
        files.files[BylawsFiles.rulesFile] = rules
        if !note.isEmpty { files.files[BylawsFiles.textFile]? += "\n" + note + "\n" }
        return files
    }

    init(bylaws: BylawsFiles? = nil, catalog: EntryCatalog = .cooperative) throws {
        let founder = try testKey(1)
        let files = try bylaws ?? BylawsFiles.load(folder: RulesCoop.bylawsFolder)
        ledger = try Ledger.create(
            at: dir.file("coop.ledger"), name: "Riverbend Behavioral Health Cooperative",
            bylawsHash: try files.digest, bylawsFiles: files,
            founders: [Founder(name: "Ada", key: founder.publicKey, roles: [.secretary, .treasurer, .board], memberClass: "therapist")],
            founderKey: founder, ledgerKey: try testKey(200).publicKey, ledgerID: testLedgerID, catalog: catalog, clock: clock)
        keys[m1] = founder
    }

    var state: LedgerState { get throws { try ledger.state() } }

    @discardableResult
    mutating func admit(_ name: String, class memberClass: String) throws -> MemberID {
        let state = try ledger.state()
        let id = MemberID(number: state.nextMemberNumber)!
        let key = try testKey(UInt8(10 + state.nextMemberNumber))
        try sign(
            m1, .memberAdmit,
            [
                "name": .string(name), "key": .string(key.publicKey.text),
                "class": .string(memberClass),
            ])
        keys[id] = key
        return id
    }

    /// Appends an entry signed by `author`.
    @discardableResult
    func sign(_ author: MemberID, _ type: EntryType, _ body: [String: JSONValue]) throws -> StoredEntry {
        try ledger.append(type: type, body: .object(body), author: author, key: keys[author]!)
    }

    /// m1 proposes a motion and returns its id.
    @discardableResult
    func propose(_ kind: MotionKind, _ title: String = "A motion", extra: [String: JSONValue] = [:]) throws -> MotionID {
        let id = try state.governance.nextID
        var body: [String: JSONValue] = [
            "kind": .string(kind.rawValue),
            "title": .string(title), "text": .string("Resolved: \(title)."),
        ]
        body.merge(extra) { $1 }
        try sign(m1, .motionPropose, body)
        return id
    }

    func open(_ motion: MotionID, closes: String? = nil) throws {
        let body = try state.openBody(for: motion, closes: closes.flatMap(Timestamp.init), openDate: clock.now().date)
        try sign(m1, .motionOpen, try body.object())
    }

    @discardableResult
    func vote(_ member: MemberID, _ motion: MotionID, _ choice: JSONValue, for grantor: MemberID? = nil) throws -> StoredEntry {
        var body: [String: JSONValue] = ["motion": .string(motion.description), "choice": choice]
        if let grantor { body["for"] = .string(grantor.description) }
        return try sign(member, .ballotCast, body)
    }

    /// The close body the ballots call for (what `coop motion close` signs), with `edit` applied.
    func closeBody(_ motion: MotionID, edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> [String: JSONValue] {
        let s = try state
        var body = try s.closeBody(for: try s.motion(motion)).body.object()
        edit(&body)
        return body
    }

    @discardableResult
    func close(_ motion: MotionID) throws -> Motion {
        try sign(m1, .motionClose, try closeBody(motion))
        return try state.motion(motion)
    }

    func verify() throws -> VerificationReport {
        try Verifier().verify(try LedgerStore.open(at: path, readOnly: true))
    }
}

/// A `motion.close` handler that records nothing and checks nothing: lets a test write a forged
/// close into a ledger file, to show that `verify` (with the real rules) refuses it.
struct CredulousCloseHandler: EntryHandler {
    let type = EntryType.motionClose
    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {}
}

extension EntryBody {
    /// The body as the JSON object a statement carries, for tests that edit or forge bodies.
    func object() throws -> [String: JSONValue] { try json().objectValue ?? [:] }
}
