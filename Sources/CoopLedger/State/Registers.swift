import CoopModel

/// The cooperative's registers, replayed from the ledger: dues, capital accounts, reserve.
public struct Registers: Sendable, Equatable, Codable {
    public var dues: [MemberID: DuesAccount] = [:]
    public var equity: [MemberID: CapitalAccount] = [:]
    public var reserve = ReserveAccount()
    public var duesSchedule: [DuesScheduleStep] = []

    enum CodingKeys: String, CodingKey {
        case dues, equity, reserve
        case duesSchedule = "dues_schedule"
    }

    /// Σ capital accounts + reserve: the cooperative's total member equity.
    public var totalEquity: Money { equity.values.map(\.total).sum() + reserve.balance }
}
