/// The entry types an officer signs on the cooperative's behalf. The bylaws' `officers` table
/// says which role may sign each; raw values are the ledger's entry type names.
public enum OfficerAction: String, CaseIterable, Codable, Sendable, Comparable {
    case memberAdmit = "member.admit"
    case memberChange = "member.change"
    case memberWithdraw = "member.withdraw"
    case memberSuspend = "member.suspend"
    case memberReinstate = "member.reinstate"
    case memberExpel = "member.expel"
    case roleGrant = "role.grant"
    case roleRevoke = "role.revoke"
    case keyRevoke = "key.revoke"
    case duesPay = "dues.pay"
    case duesWaive = "dues.waive"
    case duesRefund = "dues.refund"
    case equityShare = "equity.share"
    case equityRedeem = "equity.redeem"
    case motionPropose = "motion.propose"
    case motionOpen = "motion.open"
    case motionClose = "motion.close"
    case patronageRecord = "patronage.record"
    case patronageConsent = "patronage.consent"
    case patronageCloseYear = "patronage.close-year"
    case patronageCommit = "patronage.commit"
    case patronagePay = "patronage.pay"
    case patronageRevolve = "patronage.revolve"
    case patronageNotify = "patronage.notify"
    case booksClose = "books.close"

    public static func < (lhs: OfficerAction, rhs: OfficerAction) -> Bool { lhs.rawValue < rhs.rawValue }
}
