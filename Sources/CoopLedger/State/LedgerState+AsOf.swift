import CoopModel

extension LedgerState {
    /// The cooperative's books and register as they stood at the end of `date`, by effective
    /// dates: what `--as-of` reports show. It starts from everything recorded so far (a payment
    /// entered in March but effective in February counts in February), keeps the members
    /// admitted on or before `date` with their status on that day, and the dues, capital and
    /// reserve movements and patronage events dated on or before it. Roles, keys and motions
    /// are as they are now.
    public func asOf(_ date: CivilDate) -> LedgerState {
        var s = self
        s.members = members.filter { $0.value.admittedOn <= date }.mapValues { m in
            var m = m
            m.status = m.status(on: date)
            m.history = m.history.filter { $0.date <= date }
            return m
        }
        s.registers.dues = registers.dues.filter { s.members[$0.key] != nil }.mapValues { account in
            var a = account
            a.movements = account.movements.filter { $0.date <= date }
            a.tiers = account.tiers.filter { $0.from <= YearMonth(date) }
            if let end = a.end, YearMonth(date) < end { a.end = nil }
            return a
        }
        s.registers.equity = registers.equity.compactMapValues { account in
            var a = account
            a.movements = account.movements.filter { $0.date <= date }
            return a.movements.isEmpty ? nil : a
        }
        s.registers.reserve.movements = registers.reserve.movements.filter { $0.date <= date }
        // The control total follows the movements it controls: equal by the invariant at the head.
        s.registers.memberEquity = s.registers.totalEquity
        s.registers.duesSchedule = registers.duesSchedule.filter { $0.from <= YearMonth(date) }
        s.patronage.years = patronage.years.mapValues { year in
            var y = year
            if let close = y.close, close.date > date { y.close = nil }
            if let commit = y.commit, commit.date > date { y.commit = nil }
            if let notices = y.notices, notices.date > date { y.notices = nil }
            y.payments = y.payments.compactMapValues { list in
                let kept = list.filter { $0.date <= date }
                return kept.isEmpty ? nil : kept
            }
            return y
        }
        s.patronage.revolutions = patronage.revolutions.filter { $0.date <= date }
        return s
    }
}
