import ArgumentParser
import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopModel

extension GlobalOptions {
    /// Opens the ledger, signs `body` as the member holding --key, and appends it: the shape of
    /// every officer and member action.
    @discardableResult
    func append(_ type: EntryType, _ body: [String: JSONValue]) throws -> StoredEntry {
        let ledger = try openLedger()
        let key = try signingKey()
        let me = try member(holding: key.publicKey, in: try ledger.state())
        return try ledger.append(type: type, body: .object(body), author: me.id, key: key)
    }

    /// The state at the head, or as of the end of `asOf` (`YYYY-MM-DD`) when given.
    func state(asOf: String?) throws -> LedgerState {
        let ledger = try openLedger(readOnly: true)
        guard let asOf else { return try ledger.state() }
        return try ledger.state(asOf: try parseDate(asOf))
    }
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
