import CoopModel

/// The cooperative's registers, replayed from the ledger: dues, capital accounts, reserve.
public struct Registers: Sendable, Equatable, Codable {
    public var dues: [MemberID: DuesAccount] = [:]
    public var equity: [MemberID: CapitalAccount] = [:]
    public var reserve = ReserveAccount()
    public var duesSchedule: [DuesScheduleStep] = []
    /// The cooperative's member equity as the entries state it: share payments in, redemptions
    /// out, each committed year's retained allocations and reserve. A control total kept apart
    /// from the accounts' movements, so the two can be checked against each other.
    public var memberEquity = Money.zero

    enum CodingKeys: String, CodingKey {
        case dues, equity, reserve
        case duesSchedule = "dues_schedule"
        case memberEquity = "member_equity"
    }

    /// Σ capital accounts + reserve: the cooperative's total member equity.
    public var totalEquity: Money { equity.values.map(\.total).sum() + reserve.balance }

    /// Throws unless Σ capital accounts + reserve equals the recorded member equity.
    func checkEquityInvariant(_ entry: DecodedEntry) throws {
        guard totalEquity == memberEquity else {
            throw entry.refuse(
                .balance,
                "the capital accounts and reserve total \(totalEquity), but the member equity recorded is \(memberEquity)")
        }
    }
}
