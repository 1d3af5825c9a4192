import CoopModel
import CoopPatronage

extension LedgerState {
    /// What the cooperative paid or issued each member in calendar year `year`, for Form
    /// 1099-PATR: cash dividends paid (gross) and withholding, by payment date; the retained
    /// parts of qualified notices, by the date the notices were issued (`patronage.notify`);
    /// redemptions of non-qualified lots (revolving or `equity.redeem`), by redemption date.
    public func patronagePayments(calendarYear year: Int) throws -> [PatronagePayments] {
        var byMember: [MemberID: PatronagePayments] = [:]
        func add(_ member: MemberID, _ change: (inout PatronagePayments) -> Void) {
            change(&byMember[member, default: PatronagePayments(member: member)])
        }
        for fiscal in patronage.years.values.sorted(by: { $0.year < $1.year }) {
            for (member, payments) in fiscal.payments {
                for p in payments where p.date.year == year {
                    add(member) {
                        $0.cashPatronage += p.amount
                        $0.backupWithholding += p.withheld
                    }
                }
            }
            if let issued = fiscal.notices, issued.date.year == year {
                for row in try patronageComputation(year: fiscal.year).allocation.members where row.qualified && row.retained > .zero {
                    add(row.member) { $0.qualifiedNotices += row.retained }
                }
            }
        }
        for (member, account) in registers.equity {
            for m in account.movements where m.kind == .redemption && m.date.year == year {
                if case .patronage(_, qualified: false) = m.component { add(member) { $0.nonQualifiedRedemptions -= m.amount } }
            }
        }
        return byMember.values.sorted { $0.member < $1.member }
    }

    /// Committed fiscal years whose notices are not recorded as issued: their qualified retained
    /// parts are in no calendar year's box 1 until they are.
    public var patronageYearsAwaitingNotices: [Int] {
        patronage.years.values.filter { $0.commit != nil && $0.notices == nil }.map(\.year).sorted()
    }
}
