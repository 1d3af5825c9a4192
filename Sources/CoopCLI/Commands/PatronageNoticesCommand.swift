import ArgumentParser
import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage
import Foundation

/// `coop patronage notices YEAR --out DIR [--record]`: the written notices of allocation
/// (IRC §1388(b)) of a committed fiscal year, one JSON and one HTML file per member.
///
/// The files are derived from the ledger alone, so writing them changes nothing; `--record`
/// then appends `patronage.notify` with their digest, which fixes the date they were issued:
/// a qualified notice's retained part is a patronage dividend of the calendar year it is
/// issued in (1099-PATR box 1).
struct PatronageNoticesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Write a committed year's written notices of allocation (JSON and HTML per member); --record records their issue (treasurer).",
        discussion: """
            DIR must be new or empty. It receives MEMBER.json (amounts in integer cents) and MEMBER.html
            for every member with a non-zero allocation, and index.json with the totals. The digest
            printed is SHA-256 of the canonical JSON array of the member documents in member order.
            With --record (and --key) the ledger records today as the issue date, with the digest.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The fiscal year.") var year: Int
    @Option(help: "The folder to write the notices into (new or empty).") var out: String
    @Flag(help: "Record in the ledger that the notices were issued today, with their digest (treasurer).") var record = false

    func run() throws {
        let state = try global.openLedger(readOnly: true).state()
        let register = state.patronage[year]
        guard let commit = register.commit else {
            throw CLIError.invalidArgument(
                "fiscal year \(year) is not committed: notices are written for the allocation the members approved "
                    + "('coop patronage status \(year)' shows what is missing)")
        }
        // Everything --record needs is checked before any file is written, so a refusal leaves
        // no notices behind that the ledger does not know about.
        var signer: (key: any Ed25519Signer, member: MemberID)?
        if record {
            if let issued = register.notices {
                throw CLIError.invalidArgument(
                    "the notices for \(year) were already recorded as issued on \(issued.date) (entry \(issued.index)); "
                        + "run without --record to write copies")
            }
            let key = try global.signingIdentity()
            let member = try global.member(holding: key.publicKey, in: state).id
            try state.requireOfficer(member, for: .patronageNotify, fallback: [.treasurer])
            signer = (key, member)
        }
        let set = try PatronageNoticeSet(state: state, result: try state.patronageComputation(year: year), commit: commit)
        try write(set)
        say(
            "wrote \(set.notices.count) notice\(set.notices.count == 1 ? "" : "s") of allocation for fiscal year \(year) to \(out): "
                + "\(set.totalAllocated.dollars) allocated (cash \(set.notices.map(\.cash).sum().dollars), "
                + "retained \(set.notices.map(\.retained).sum().dollars))")
        say("notices digest: \(set.digest.hex)")
        let deadline = set.result.fiscal.paymentPeriodEnd
        if let issued = register.notices {
            let same = issued.digest == set.digest
            say(
                "these notices were recorded as issued on \(issued.date) (entry \(issued.index))"
                    + (issued.digest == nil
                        ? "" : same ? "; the digest matches" : "; the recorded digest differs (\(issued.digest?.hex ?? "")): a name in them changed since"))
        } else if let signer {
            let stored = try global.openLedger().append(
                PatronageNotifyBody(year: year, digest: set.digest),
                by: signer.member, key: signer.key)
            let date = CLIContext.current.clock.now().date
            say("entry \(stored.index): notices for \(year) recorded as issued on \(date)")
            if date > deadline {
                warn(
                    "warning: the payment period for \(year) ended on \(deadline): notices issued after it do not make the allocation deductible (IRC §1382(b), (d))"
                )
            }
        } else {
            say(
                "hint: hand the notices out, then run again with --record, --key and a new --out: it records the issue date in the ledger, "
                    + "and that date decides the calendar year of 1099-PATR box 1 for qualified notices (due by \(deadline))")
        }
    }

    /// Writes every file into `out`, which must be new or empty: notices mixed with older files
    /// could be handed out as one set.
    private func write(_ set: PatronageNoticeSet) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isFolder) {
            guard isFolder.boolValue, (try? fm.contentsOfDirectory(atPath: out))?.isEmpty == true else {
                throw CLIError.invalidArgument(
                    "\(out) exists and is not empty; coop will not mix notices with other files. "
                        + "Choose a new --out folder or empty this one")
            }
        }
        do {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CLIError.invalidArgument("cannot create \(out): \(error.localizedDescription). Check the parent folder exists and is writable")
        }
        for (notice, document) in zip(set.notices, set.documents) {
            try save(document, as: "\(notice.member).json")
            try save(Array(notice.html.utf8), as: "\(notice.member).html")
        }
        try save(try set.index(), as: "index.json")
    }

    private func save(_ bytes: [UInt8], as name: String) throws {
        let path = (out as NSString).appendingPathComponent(name)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw CLIError.invalidArgument("cannot write \(path): \(error.localizedDescription). Check the folder is writable, or choose another --out")
        }
    }
}
