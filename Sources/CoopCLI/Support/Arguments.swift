import ArgumentParser
import CoopBylaws
import CoopCrypto
import CoopLedger
import CoopModel
import CoopPatronage
import Foundation

// The library's value types, read straight from the command line: argument → typed value. A
// value that does not parse is refused by swift-argument-parser before `run()`, naming the
// argument, with the form it needs in the help text.

extension MemberID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

extension MotionID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension YearMonth: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Role: ExpressibleByArgument {}
extension MotionKind: ExpressibleByArgument {}
extension ConsentMethod: ExpressibleByArgument {}

extension EquityComponent: ExpressibleByArgument {
    public init?(argument: String) { self.init(accountName: argument) }
}

extension Ed25519.PublicKey: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(text: argument) }
}

/// An amount of money as the command line takes it: dollars with at most two decimals
/// (`17`, `17.00`), no sign, no `$`, no commas, above zero.
struct Amount: ExpressibleByArgument, Sendable {
    let money: Money

    init?(argument: String) {
        guard let money = Money(argument), money.cents > 0 else { return nil }
        self.money = money
    }
}

/// A signed amount (a loss is negative: `-1200.00`).
struct SignedAmount: ExpressibleByArgument, Sendable {
    let money: Money

    init?(argument: String) {
        guard let money = Money(argument) else { return nil }
        self.money = money
    }
}

/// A UTC time (`2026-02-20T00:00:00Z`), or a date meaning its first or last second.
struct Instant: ExpressibleByArgument, Sendable {
    let text: String

    init?(argument: String) {
        guard Timestamp(argument) != nil || CivilDate(argument) != nil else { return nil }
        text = argument
    }

    /// The instant: the time itself, or the date's first (`endOfDay` false) or last second.
    func timestamp(endOfDay: Bool) -> Timestamp {
        if let t = Timestamp(text) { return t }
        return Timestamp(text + (endOfDay ? "T23:59:59Z" : "T00:00:00Z")) ?? Timestamp(secondsSinceEpoch: 0)
    }
}

extension SHA256Digest: ExpressibleByArgument {
    public init?(argument: String) { self.init(hex: argument) }
}

/// `MEMBER:COMPONENT:AMOUNT`, one redemption of retained patronage a resolution authorizes
/// (`m3:patronage:2026:qualified:100.00`).
struct Redemption: ExpressibleByArgument, Sendable {
    let spec: RedemptionSpec

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let member = MemberID(parts[0]), let amount = parts.last.flatMap(Amount.init(argument:)),
            let component = EquityComponent(accountName: parts.dropFirst().dropLast().joined(separator: ":")),
            case .patronage = component
        else { return nil }
        spec = RedemptionSpec(member: member, component: component, amount: amount.money)
    }
}

/// A ranking as `--rank` takes it: candidate names separated by commas, most preferred first
/// (`"Ana,Ben,Cho"`; spaces around a name are dropped). An empty name is refused here; unknown
/// or repeated names are the ledger's to refuse, with the field that names them.
struct Ranking: ExpressibleByArgument, Sendable {
    let names: [String]

    init?(argument: String) {
        let names = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else { return nil }
        self.names = names
    }

    static var defaultValueDescription: String { "NAME,NAME,..." }
}

/// An election method a proposal may name (`--method`); the ledger checks the seats.
enum ElectionMethodCode: String, ExpressibleByArgument, CaseIterable, Sendable {
    case plurality
    case pluralityAtLarge = "plurality-at-large"
    case approval
    case irv
    case scottishSTV = "scottish-stv"
    case meekSTV = "meek-stv"
}

/// The file formats `coop motion export-ballots` writes.
enum BallotFileFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The BLT ballot file of STV tools (docs/RANKED.md §6).
    case blt
}
