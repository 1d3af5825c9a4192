import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation
import Glibc

/// How a write command signs: alone and appended at once (the default), or into a file for
/// countersigners to sign and for `coop submit` later.
struct SigningOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A member who countersigns the entry (repeatable, in signing order): dual control where the bylaws require it.",
        valueName: "member"))
    var countersigner: [String] = []

    @Option(name: .long, help: "Sign into this file instead of appending: for countersigners ('coop countersign FILE') and 'coop submit FILE'.")
    var out: String?

    func validate() throws {
        if !countersigner.isEmpty, out == nil {
            throw ValidationError("a countersigned entry is written to a file for the countersigner to sign: add --out FILE")
        }
    }
}

/// `--effective DATE` for money and membership entries entered after the fact.
struct EffectiveOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "When it took effect, for a past record entered now (YYYY-MM-DD; default: today): not after today, not before the member's admission, not in closed books.",
        valueName: "date"))
    var effective: String?

    /// Adds `effective` to `body` when given.
    func add(to body: inout [String: JSONValue]) throws {
        if let effective { body["effective"] = .string(try parseDate(effective).description) }
    }
}

extension GlobalOptions {
    /// Opens the ledger, signs `body` as the member holding --key, and appends it, or writes it
    /// to `signing.out` (returning nil) for countersigning and `coop submit`: the shape of every
    /// officer and member action.
    @discardableResult
    func append(_ type: EntryType, _ body: [String: JSONValue], _ signing: SigningOptions = SigningOptions()) throws -> StoredEntry? {
        try appendAll([(type, body)], signing)?.first
    }

    /// `append` for several entries by the same signer, all or none.
    func appendAll(_ items: [(EntryType, [String: JSONValue])], _ signing: SigningOptions) throws -> [StoredEntry]? {
        let ledger = try openLedger(readOnly: signing.out != nil)
        let (key, me) = try signer(in: ledger)
        let state = try ledger.state()
        let countersigners = try signing.countersigner.map { text -> Countersigner in
            let id = try parseMember(text)
            guard let key = state.members[id]?.key else {
                throw CLIError.invalidArgument("\(id) has no key in force, so cannot countersign")
            }
            return Countersigner(member: id, key: key)
        }
        let drafts = items.map { Ledger.Draft(type: $0.0, body: .object($0.1), author: me, key: key, countersigners: countersigners) }
        guard let out = signing.out else {
            return try ledger.appendAll(drafts.map { ($0.type, $0.body, $0.author, $0.key) })
        }
        let signed = try ledger.prepare(drafts)
        try writeSignedEntries(signed, to: out, replacing: false)
        say("signed \(signed.count == 1 ? "entry" : "\(signed.count) entries") written to \(out); "
            + (countersigners.isEmpty ? "" : "countersigner \(countersigners.map(\.member.description).joined(separator: ", ")) "
                + "signs with 'coop countersign \(out)', then ")
            + "append with 'coop submit \(out)'")
        return nil
    }

    /// The --key signing key and the member it belongs to at the ledger's head (a recovered key
    /// whose delay has run counts, though no entry has installed it yet).
    func signer(in ledger: Ledger) throws -> (Ed25519.PrivateKey, MemberID) {
        let key = try signingKey()
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

    /// The state at the head, or the books as of the end of `asOf` (`YYYY-MM-DD`) when given.
    func state(asOf: String?) throws -> LedgerState {
        let ledger = try openLedger(readOnly: true)
        guard let asOf else { return try ledger.state() }
        return try ledger.state(asOf: try parseDate(asOf))
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

/// The body of a money entry (dues, shares, redemptions): the member, the amount in cents, and
/// each optional text field that was given.
func amountBody(member: String, amount: Money, _ fields: [String: String?]) throws -> [String: JSONValue] {
    var body: [String: JSONValue] = ["member": .string(try parseMember(member).description), "amount": .integer(amount.cents)]
    for case let (name, value?) in fields { body[name] = .string(value) }
    return body
}

/// Parses a positive dollar amount such as `17.00` or `17`.
func parseAmount(_ text: String) throws -> Money {
    guard let money = Money(text), money.cents > 0 else {
        throw CLIError.invalidArgument("\"\(text)\" is not a positive amount: write dollars and cents such as 17.00 (no $, no commas, at most two decimals)")
    }
    return money
}

func parseDate(_ text: String) throws -> CivilDate {
    guard let date = CivilDate(text) else { throw CLIError.invalidArgument("\"\(text)\" is not \(CivilDate.textFormHint)") }
    return date
}

func parseMonth(_ text: String) throws -> YearMonth {
    guard let month = YearMonth(text) else { throw CLIError.invalidArgument("\"\(text)\" is not \(YearMonth.textFormHint)") }
    return month
}

/// The month a register is drawn for: the `--as-of` date's month, else the current month.
func reportMonth(asOf: String?) throws -> YearMonth {
    try YearMonth(asOf.map(parseDate) ?? CLIContext.current.clock.now().date)
}

/// Prints any encodable value as one canonical JSON line.
func printJSON<T: Encodable>(encoding value: T) throws {
    say(String(decoding: try CanonicalJSONEncoder().encode(value), as: UTF8.self))
}
