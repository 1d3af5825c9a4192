import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every write command takes: how it signs (alone and appended at once, the default; or
/// into a file for countersigners and `coop submit`), and `--json` for scripts.
struct WriteOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A member who countersigns the entry (repeatable, in signing order): dual control where the bylaws require it.",
            valueName: "member"))
    var countersigner: [MemberID] = []

    @Option(name: .long, help: "Sign into this file instead of appending: for countersigners ('coop countersign FILE') and 'coop submit FILE'.")
    var out: String?

    @Flag(name: .long, help: "Print what was written as JSON (index, hash, ledger time, type, and any id assigned).")
    var json = false

    func validate() throws {
        if !countersigner.isEmpty, out == nil {
            throw ValidationError("a countersigned entry is written to a file for the countersigner to sign: add --out FILE")
        }
    }

    /// Says what was appended: `text` for a person, or as JSON `{"entries": [{index, hash,
    /// ledger_time, type, member?, motion?}], "entry": index (one entry only), "member"/"motion"
    /// (an id the ledger assigned, one entry only)}` with the command's `extra` fields.
    func report(_ appended: [Appended], extra: [String: JSONValue] = [:], _ text: @autoclosure () -> String) throws {
        guard json else { return say(text()) }
        var top = extra
        top["entries"] = .array(
            try appended.map { a in
                let statement = try CanonicalJSON.decode(a.entry.statementBytes)
                var o: [String: JSONValue] = [
                    "index": .integer(Int64(a.index)), "hash": .string(a.entry.hash.hex),
                    "ledger_time": .string(a.entry.ledgerTime.description), "type": statement["type"] ?? .null,
                ]
                if let m = a.member { o["member"] = .string(m.description) }
                if let m = a.motion { o["motion"] = .string(m.description) }
                return .object(o)
            })
        if appended.count == 1, let a = appended.first {
            top["entry"] = .integer(Int64(a.index))
            if let m = a.member { top["member"] = .string(m.description) }
            if let m = a.motion { top["motion"] = .string(m.description) }
        }
        try printJSON(.object(top))
    }
}

/// `--effective DATE` for money and membership entries entered after the fact.
struct EffectiveOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "When it took effect, for a past record entered now (YYYY-MM-DD; default: today): not after today, not before the member's admission, not in closed books.",
            valueName: "date"))
    var effective: CivilDate?
}

extension GlobalOptions {
    /// Signs a typed body as the member holding --key and appends it, or writes it to `--out`
    /// (returning nil) for countersigning and `coop submit`: the shape of every write.
    @discardableResult
    func append<B: SingleTypeBody>(_ body: B, _ write: WriteOptions) throws -> Appended? {
        try append(B.entryType, body, write)
    }

    /// `append` for a body several entry types share.
    @discardableResult
    func append<B: EntryBody>(_ type: EntryType, _ body: B, _ write: WriteOptions) throws -> Appended? {
        try appendAll(write) { me, key in [try Ledger.Draft(type, body, author: me, key: key)] }?.first
    }

    /// Several entries by the signer, all or none: `drafts(me, key)` builds them once the key is
    /// unlocked and its member known.
    func appendAll(_ write: WriteOptions, _ drafts: (MemberID, any Ed25519Signer) throws -> [Ledger.Draft]) throws -> [Appended]? {
        // On a replica (pulled before the command ran: CoopCommand.runCommandLine), sign against
        // the remote's newest head and post there; a file (--out) stays a file.
        let remote = write.out == nil ? try replicaConfiguration : nil
        let unlocked = remote == nil ? nil : try signingIdentity()
        let ledger = try openLedger(readOnly: write.out != nil || remote != nil)
        let (key, me): (any Ed25519Signer, MemberID) =
            try unlocked.map { ($0, try member(holding: $0.publicKey, in: try ledger.state()).id) } ?? signer(in: ledger)
        let state = try ledger.state()
        let countersigners = try write.countersigner.map { id -> Countersigner in
            guard let key = state.members[id]?.key else {
                throw CLIError.invalidArgument("\(id) has no key in force, so cannot countersign")
            }
            return Countersigner(member: id, key: key)
        }
        let built = try drafts(me, key).map { d -> Ledger.Draft in
            var d = d
            d.countersigners = countersigners
            return d
        }
        if let remote { return try postToRemote(remote, try ledger.prepare(built), readKey: unlocked) }
        guard let out = write.out else { return try ledger.append(built) }
        let signed = try ledger.prepare(built)
        try writeSignedEntries(signed, to: out, replacing: false)
        say(
            "signed \(signed.count == 1 ? "entry" : "\(signed.count) entries") written to \(out); "
                + (countersigners.isEmpty
                    ? ""
                    : "countersigner \(countersigners.map(\.member.description).joined(separator: ", ")) "
                        + "signs with 'coop countersign \(out)', then ")
                + "append with 'coop submit \(out)'")
        return nil
    }

    /// The --key signer (through `coop agent` when it holds the key) and the member it belongs
    /// to at the ledger's head (a recovered key whose delay has run counts, though no entry has
    /// installed it yet).
    func signer(in ledger: Ledger) throws -> (any Ed25519Signer, MemberID) {
        let key = try signingIdentity()
        return (key, try member(holding: key.publicKey, in: try ledger.state()).id)
    }

    /// The date of each entry's ledger time, by index: a statement shows when a record entered
    /// late was entered, beside the date it took effect.
    func ledgerDates(of indexes: [UInt64]) throws -> [UInt64: CivilDate] {
        let store = try openLedger(readOnly: true).store
        var dates: [UInt64: CivilDate] = [:]
        for index in Set(indexes) { dates[index] = try store.entry(at: index).ledgerTime.date }
        return dates
    }

    /// The state at the head, or the books as of the end of `asOf` when given.
    func state(asOf: CivilDate?) throws -> LedgerState {
        let ledger = try openLedger(readOnly: true)
        guard let asOf else { return try ledger.state() }
        return try ledger.state(asOf: asOf)
    }
}

/// Writes signed entries, one line each, to `path`: a new file, or (`replacing`) the same file
/// rewritten in place through a temporary file, so a crash leaves the old or the new, never half.
func writeSignedEntries(_ entries: [SignedEntry], to path: String, replacing: Bool) throws {
    let bytes: [UInt8] = entries.flatMap { $0.lineBytes + [0x0a] }
    if !replacing {
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError.fileExists(path) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CLIError.unreadable(path: path, reason: "cannot write it")
        }
        return
    }
    let temporary = path + ".coop-tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
        throw CLIError.unreadable(path: temporary, reason: "cannot write it")
    }
    guard rename(temporary, path) == 0 else {
        try? FileManager.default.removeItem(atPath: temporary)
        throw CLIError.unreadable(path: path, reason: "cannot replace it")
    }
}

/// Reads a file of signed entry lines (what `--out` writes).
func readSignedEntries(_ path: String) throws -> [SignedEntry] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError.unreadable(path: path, reason: "no such file or not readable")
    }
    let lines = Array(data).split(separator: 0x0a, omittingEmptySubsequences: true)
    guard !lines.isEmpty else { throw CLIError.invalidArgument("\(path) holds no signed entry") }
    return try lines.enumerated().map { i, line in
        do {
            return try SignedEntry(lineBytes: line)
        } catch {
            throw CLIError.invalidArgument("\(path) line \(i + 1): \(error)")
        }
    }
}

/// The month a register is drawn for: the `--as-of` date's month, else the current month.
func reportMonth(asOf: CivilDate?) -> YearMonth {
    YearMonth(asOf ?? CLIContext.current.clock.now().date)
}

/// Prints any encodable value as one canonical JSON line.
func printJSON<T: Encodable>(encoding value: T) throws {
    say(String(decoding: try CanonicalJSONEncoder().encode(value), as: UTF8.self))
}
