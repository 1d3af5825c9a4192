import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel
import Foundation

extension GlobalOptions {
    /// Opens the ledger, signs `body` as the member holding --key, and appends it: the shape of
    /// every officer and member action.
    @discardableResult
    func append(_ type: EntryType, _ body: [String: JSONValue]) throws -> StoredEntry {
        let ledger = try openLedger()
        let (key, me) = try signer(in: ledger)
        return try ledger.append(type: type, body: .object(body), author: me, key: key)
    }

    /// Appends like `append`, or with `out` signs the entry into that file for `coop submit`
    /// (an offline ballot or note) and returns nil after saying so.
    func signOrAppend(_ type: EntryType, _ body: [String: JSONValue], out: String?) throws -> (index: UInt64, signer: MemberID)? {
        let ledger = try openLedger(readOnly: out != nil)
        let (key, me) = try signer(in: ledger)
        guard let out else {
            return (try ledger.append(type: type, body: .object(body), author: me, key: key).index, me)
        }
        let signed = try ledger.prepare(type: type, body: .object(body), author: me, key: key)
        guard !FileManager.default.fileExists(atPath: out) else { throw CLIError.fileExists(out) }
        guard FileManager.default.createFile(atPath: out, contents: Data(signed.lineBytes + [0x0a])) else {
            throw CLIError.unreadable(path: out, reason: "cannot write it")
        }
        say("signed entry written to \(out); append it with 'coop submit \(out)'")
        return nil
    }

    /// The --key signing key and the member it belongs to at the ledger's head.
    private func signer(in ledger: Ledger) throws -> (Ed25519.PrivateKey, MemberID) {
        let key = try signingKey()
        return (key, try member(holding: key.publicKey, in: try ledger.state()).id)
    }

    /// The state at the head, or as of the end of `asOf` (`YYYY-MM-DD`) when given.
    func state(asOf: String?) throws -> LedgerState {
        let ledger = try openLedger(readOnly: true)
        guard let asOf else { return try ledger.state() }
        return try ledger.state(asOf: try parseDate(asOf))
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
