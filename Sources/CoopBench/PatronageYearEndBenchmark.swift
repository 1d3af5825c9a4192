import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopPatronage
import Dispatch
import Foundation
import Synchronization

/// Figures from one patronage year end driven through the ledger (see `coop-bench`).
struct PatronageYearEndResult {
    /// One timed phase: wall-clock seconds and, for the bulk phases, the entries it handled.
    struct Phase {
        var name: String
        var seconds: Double
        /// Entries appended, judged or verified in the phase (0: a computation, no entries).
        var entries: Int
        /// A bulk phase (entries in proportion to the members): its rate is a figure to compare.
        var bulk: Bool
        var note: String

        var perSecond: Double? { bulk && seconds > 0 ? Double(entries) / seconds : nil }
    }

    var members = 0
    var entries: UInt64 = 0
    var phases: [Phase] = []
    var resultHash = ""
    var netSurplus = Money.zero
    var allocated = Money.zero
    var reserve = Money.zero
    var cash = Money.zero
    var retained = Money.zero
    var revolved = Money.zero
    /// Σ capital accounts + reserve, and the recorded member equity, just after the commit.
    var equityAfterCommit = Money.zero
    var memberEquityAfterCommit = Money.zero
    /// True once every check of the run held (the benchmark throws otherwise).
    var reconciled = false
    /// Encoding the finished state to canonical JSON, as a snapshot or a checkpoint's state
    /// digest does (best of 3; not a phase: no treasurer waits for it alone).
    var stateEncodeSeconds = 0.0
    var stateBytes = 0

    var totalSeconds: Double { phases.map(\.seconds).reduce(0, +) }
    /// The treasurer's part: every phase but admitting the members (done over years) and the
    /// closing verification of the whole ledger (an auditor's).
    var treasurerSeconds: Double { phases.filter { !Self.notTheTreasurers.contains($0.name) }.map(\.seconds).reduce(0, +) }
    static let notTheTreasurers: Set<String> = ["admit", "verify"]

    var json: JSONValue {
        var phaseObjects: [String: JSONValue] = [:]
        for p in phases {
            var o: [String: JSONValue] = ["seconds": .string(String(format: "%.4f", p.seconds)), "entries": .integer(Int64(p.entries))]
            if let rate = p.perSecond { o["per_second"] = .integer(Int64(rate)) }
            phaseObjects[p.name] = .object(o)
        }
        return .object([
            "members": .integer(Int64(members)),
            "entries": .integer(Int64(entries)),
            "phases": .object(phaseObjects),
            "total_seconds": .string(String(format: "%.4f", totalSeconds)),
            "treasurer_seconds": .string(String(format: "%.4f", treasurerSeconds)),
            "result_hash": .string(resultHash),
            "net_surplus_cents": .integer(netSurplus.cents),
            "allocated_cents": .integer(allocated.cents),
            "reserve_cents": .integer(reserve.cents),
            "cash_cents": .integer(cash.cents),
            "retained_cents": .integer(retained.cents),
            "revolved_cents": .integer(revolved.cents),
            "equity_after_commit_cents": .integer(equityAfterCommit.cents),
            "member_equity_after_commit_cents": .integer(memberEquityAfterCommit.cents),
            "reconciled": .bool(reconciled),
            "state_encode_seconds": .string(String(format: "%.4f", stateEncodeSeconds)),
            "state_bytes": .integer(Int64(stateBytes)),
        ])
    }
}

/// A whole patronage year end as the ledger does it, phase by phase, for N members: admissions,
/// 2N `patronage.record` entries, an import dry run (`Ledger.check`), the close, the preview
/// (`patronageComputation` with its result hash), the approval motion, the commit, N cash
/// payments, revolving, and a full verification of the finished ledger.
///
/// The pure allocation is timed by `RulesBenchmark`; this one looks for costs that only appear
/// through the ledger (a handler copying a large register per entry would make a bulk phase
/// quadratic, and shows as a falling entries/s figure from 10,000 to 100,000 members).
///
/// The bylaws are built here so the run measures patronage, not dues or voting: dues are never
/// paid but `max_arrears_months` is the schema's maximum (120), so every member stays in good
/// standing; the `patronage-approval` rule has no quorum and only the founder's class votes, so
/// one ballot decides. Measures revenue 60% / hours 40%, reserve 10%, cash 20%.
///
/// The import dry run checks N records of the same fiscal year against the state just before
/// they are recorded (the treasurer's `--dry-run` of the year's first file), so it judges
/// exactly the entries the recording phase then appends.
///
/// The run checks its own work and throws when anything does not reconcile: the allocation's
/// identities, the committed hash against the preview, Σ capital accounts + reserve against the
/// recorded member equity, every cash part paid, everything retained revolved, and a clean
/// verification of every entry.
struct PatronageYearEndBenchmark {
    var members = 10_000
    /// Entries per `appendAll` transaction in the bulk phases (as `LedgerBenchmark`).
    var batch = 1000
    var log: (String) -> Void = { _ in }

    static let allowedMembers = 100...200_000
    static let year = 2026
    static let founderClass = "steward"
    static let memberClass = "practitioner"

    func run() throws -> PatronageYearEndResult {
        guard Self.allowedMembers.contains(members) else {
            throw BenchError("the year-end benchmark takes 100 to 200000 members, not \(members)")
        }
        var result = PatronageYearEndResult()
        result.members = members
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bench-year-end-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // Deterministic keys and a clock the run moves through the year (setup, not timed).
        let clock = BenchClock("2026-01-05T09:00:00Z")
        let founderKey = try Self.key(0)
        let ledgerKey = try Self.key(UInt64.max)
        log("year end: making \(members) member keys ...")
        let memberKeys = try (1...members).map { try Self.key(UInt64($0)).publicKey }
        let files = Self.bylawsFiles()
        let ledger = try Ledger.create(
            at: dir + "/year-end.ledger", name: "Bench Patronage Cooperative", bylawsHash: try files.digest, bylawsFiles: files,
            founders: [
                Founder(
                    name: "Founder", key: founderKey.publicKey, roles: [.secretary, .treasurer, .board],
                    memberClass: Self.founderClass)
            ],
            founderKey: founderKey, ledgerKey: ledgerKey.publicKey, clock: clock)
        guard let founder = MemberID(number: 1) else { throw BenchError("member id m1") }
        func id(_ i: Int) throws -> MemberID {
            guard let m = MemberID(number: Int64(i + 2)) else { throw BenchError("member id m\(i + 2)") }
            return m
        }
        func item<B: SingleTypeBody>(_ body: B) throws -> Ledger.Draft { try Ledger.Draft(body, author: founder, key: founderKey) }
        func bulk(_ items: [Ledger.Draft]) throws {
            for start in stride(from: 0, to: items.count, by: batch) {
                _ = try ledger.append(Array(items[start..<min(items.count, start + batch)]))
            }
        }
        func phase(_ name: String, entries: Int = 0, bulk: Bool = false, note: String = "", _ body: () throws -> Void) throws {
            log("year end: \(name) ...")
            let start = DispatchTime.now()
            try body()
            result.phases.append(.init(name: name, seconds: seconds(since: start), entries: entries, bulk: bulk, note: note))
        }
        func fail(_ what: String) -> BenchError { BenchError("year-end benchmark: \(what)") }

        // Admissions (bodies built before the clock starts).
        let admissions = try (0..<members).map { i in
            try item(AdmitBody(name: "Member \(i + 2)", key: memberKeys[i], memberClass: Self.memberClass))
        }
        try phase("admit", entries: members, bulk: true) { try bulk(admissions) }

        // Two records per member (revenue in cents, hours), deterministic and uneven.
        clock.set("2026-07-01")
        var records: [Ledger.Draft] = []
        records.reserveCapacity(2 * members)
        for i in 0..<members {
            let m = try id(i)
            records.append(try item(PatronageRecordBody(member: m, measure: "revenue", quantity: Int64(100_000 + (i &* 7919) % 900_000), year: Self.year)))
            records.append(try item(PatronageRecordBody(member: m, measure: "hours", quantity: Int64(10 + (i &* 31) % 2000), year: Self.year)))
        }
        // The import dry run: the first N of those records, judged against the state before them.
        let dryRun = Array(records.prefix(members))
        var refused = 0
        try phase("check", entries: dryRun.count, bulk: true, note: "Ledger.check dry run") {
            refused = try ledger.check(dryRun).count { $0 != nil }
        }
        guard refused == 0 else { throw fail("the dry run refused \(refused) of \(dryRun.count) records") }
        try phase("record", entries: records.count, bulk: true) { try bulk(records) }

        // The close, after the fiscal year: surplus $250.00 per member.
        clock.set("2027-01-11")
        let surplus = Money(cents: Int64(members) * 25_000)
        try phase("close", entries: 1) {
            _ = try ledger.append(YearCloseBody(year: Self.year, surplus: surplus), by: founder, key: founderKey)
        }

        // The preview the treasurer puts to the members: the allocation and its result hash.
        var preview: PatronageComputation?
        try phase("preview", note: "patronageComputation, result hash included") {
            preview = try ledger.state().patronageComputation(year: Self.year)
        }
        guard let computed = preview else { throw fail("no preview") }
        let a = computed.allocation
        guard a.reconciles, a.netSurplus == surplus, a.reserve + a.allocated == surplus, a.members.count == members else {
            throw fail("the previewed allocation does not reconcile (surplus \(a.netSurplus), reserve \(a.reserve), allocated \(a.allocated))")
        }

        // The approval: propose, open, one ballot, close with the counts the ballots give.
        clock.set("2027-01-12")
        try phase("approve", entries: 4, note: "propose, open, ballot, close") {
            var proposal = MotionProposeBody(
                kind: .patronageApproval, title: "Patronage \(Self.year)",
                text: "Resolved: approve the patronage allocation of fiscal year \(Self.year).")
            proposal.year = Self.year
            proposal.resultHash = computed.resultHash
            guard let motion = try ledger.append(proposal, by: founder, key: founderKey).motion else { throw fail("no motion id assigned") }
            let proposed = try ledger.state()
            try ledger.append(try proposed.openBody(for: motion, openDate: ledger.clock.now().date), by: founder, key: founderKey)
            try ledger.append(BallotBody(motion: motion, choice: .yes), by: founder, key: founderKey)
            let state = try ledger.state()
            let m = try state.motion(motion)
            let (body, decision) = try state.closeBody(for: m)
            guard decision.passed else { throw fail("the approval motion did not pass") }
            try ledger.append(body, by: founder, key: founderKey)
        }

        clock.set("2027-01-13")
        try phase("commit", entries: 1) {
            _ = try ledger.append(PatronageCommitBody(year: Self.year, resultHash: computed.resultHash), by: founder, key: founderKey)
        }
        let committed = try ledger.state()
        guard committed.patronage[Self.year].commit?.resultHash == computed.resultHash else {
            throw fail("the commit does not record the previewed result hash")
        }
        result.equityAfterCommit = committed.registers.totalEquity
        result.memberEquityAfterCommit = committed.registers.memberEquity
        guard result.equityAfterCommit == result.memberEquityAfterCommit,
            result.memberEquityAfterCommit == a.retained + a.reserve
        else {
            throw fail(
                "after the commit Σ capital accounts + reserve is \(result.equityAfterCommit), the member equity "
                    + "\(result.memberEquityAfterCommit), retained + reserve \(a.retained + a.reserve)")
        }

        // Every cash part, one payment each.
        clock.set("2027-02-01")
        let payments = try a.members.filter { $0.cash > .zero }.map { row in
            try item(PatronagePayBody(member: row.member, year: Self.year, amount: row.cash))
        }
        try phase("pay", entries: payments.count, bulk: true) { try bulk(payments) }
        let paid = try ledger.state().patronage[Self.year]
        let paidTotal = paid.payments.values.flatMap { $0 }.map(\.amount).sum()
        guard paid.cashOutstanding == .zero, paidTotal == a.cash else {
            throw fail("after paying, \(paid.cashOutstanding) cash is still owed (paid \(paidTotal) of \(a.cash))")
        }

        // Revolving: the plan the board signs, then the entry (whose handler plans again).
        clock.set("2027-03-01")
        var plan: RevolvingRedemption?
        try phase("revolve", entries: 1, note: "revolvingPlan + patronage.revolve") {
            let p = try ledger.state().revolvingPlan(through: Self.year)
            plan = p
            _ = try ledger.append(RevolveBody(year: Self.year, total: p.total), by: founder, key: founderKey)
        }
        let end = try ledger.state()
        guard let plan, plan.total == a.retained, end.registers.totalEquity == end.registers.memberEquity,
            end.registers.memberEquity == a.reserve
        else {
            throw fail(
                "after revolving Σ capital accounts + reserve is \(end.registers.totalEquity), the member equity "
                    + "\(end.registers.memberEquity); revolved \(plan?.total ?? .zero) of \(a.retained) retained")
        }

        // The finished state's canonical bytes: what every snapshot and state digest encodes.
        log("year end: state encoding ...")
        result.stateEncodeSeconds = .infinity
        for _ in 0..<3 {
            let start = DispatchTime.now()
            result.stateBytes = try end.canonicalBytes().count
            result.stateEncodeSeconds = min(result.stateEncodeSeconds, seconds(since: start))
        }

        // Everything again, from the bytes.
        let total = try ledger.store.size()
        var report: VerificationReport?
        try phase("verify", entries: Int(total), bulk: true, note: "Verifier, every entry") {
            report = try Verifier().verify(ledger.store)
        }
        guard let report, report.ok, report.entriesChecked == total else {
            throw fail("the finished ledger failed verification: \(report?.problems.first?.message ?? "no report")")
        }

        result.entries = total
        result.resultHash = computed.resultHash.hex
        result.netSurplus = a.netSurplus
        result.allocated = a.allocated
        result.reserve = a.reserve
        result.cash = a.cash
        result.retained = a.retained
        result.revolved = plan.total
        result.reconciled = true
        return result
    }

    /// A key from a fixed seed, so every run signs the same statements (times aside).
    static func key(_ n: UInt64) throws -> Ed25519.PrivateKey {
        var generator = SplitMix64(seed: n ^ 0x636F_6F70_5945_4E44)
        var seed: [UInt8] = []
        seed.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next().littleEndian) { seed.append(contentsOf: $0) } }
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    /// The bench cooperative's bylaws: the shipped schema (Bylaws/rules.yaml), with two classes
    /// (the founder's, which alone votes on the approval, and the members'), dues that never
    /// put anyone out of good standing within the run, and the shipped patronage rules.
    static func bylawsFiles() -> BylawsFiles {
        let officers = """
              secretary: [member.admit, member.change, member.withdraw, member.suspend, member.reinstate, member.expel, role.grant, role.revoke, key.revoke, motion.open, motion.close]
              treasurer: [dues.pay, dues.waive, dues.refund, equity.share, equity.redeem, patronage.record, patronage.consent, patronage.close-year, patronage.commit, patronage.pay, patronage.notify, books.close]
              board: [motion.propose, patronage.revolve]
              auditor: []
            """
        let motion = """
                quorum: "1/5"
                threshold: "1/2"
                base: votes-cast
                comparison: strict
                notice_days: 0
                proxies: none
                eligible_classes: [\(founderClass), \(memberClass)]
                proposers: board
            """
        let rules = """
            # Machine rules of the `coop-bench` year-end cooperative (schema: docs/BYLAWS.md).
            schema: coop-bylaws/1

            cooperative:
              name: Bench Patronage Cooperative
              fiscal_year_end: "12-31"

            classes:
              \(founderClass):
                description: The founding officer, the only member voting on patronage approvals
                default_tier: \(founderClass)
                share_required: false
                patronage: false
              \(memberClass):
                description: A member doing business with the cooperative
                default_tier: \(memberClass)
                share_required: false
                patronage: true

            dues:
              treatment: fee-for-services
              max_arrears_months: 120
              tiers:
                \(founderClass):
                  monthly: "10.00"
                  classes: [\(founderClass)]
                \(memberClass):
                  monthly: "10.00"
                  classes: [\(memberClass)]

            share:
              price: "100.00"
              instalments: 1
              on_withdrawal: refund
              on_expulsion: refund

            officers:
            \(officers)

            governance:
              resolution:
            \(motion)
              bylaws-amendment:
                quorum: "1/5"
                threshold: "2/3"
                base: votes-cast
                comparison: inclusive
                notice_days: 14
                proxies: none
                proposers: board
              election:
                quorum: "1/5"
                notice_days: 0
                proxies: none
                proposers: board
                method: plurality-at-large
                seats: 5
              patronage-approval:
                quorum: none
                threshold: "1/2"
                base: votes-cast
                comparison: strict
                notice_days: 0
                proxies: none
                eligible_classes: [\(founderClass)]
                proposers: board
              dues-change:
            \(motion)

            patronage:
              measures:
                - name: revenue
                  unit: cents
                  weight: "60%"
                - name: hours
                  unit: hours
                  weight: "40%"
              reserve: "10%"
              cash: "20%"
              minimum_allocation: "0.00"
              losses: reserve
              consent: [bylaw, written, qualified-check]

            """
        let text = """
            # Bylaws of the Bench Patronage Cooperative

            A synthetic cooperative made by `coop-bench` to time a patronage year end. Net patronage
            savings are allocated by revenue (60%) and hours (40%) after 10% to the reserve; 20% of each
            allocation is paid in cash and the rest retained. The founder alone votes on approvals.

            """
        return BylawsFiles([BylawsFiles.textFile: text, BylawsFiles.rulesFile: rules])
    }
}

/// The benchmark's clock: noon UTC on the day the run has reached.
private final class BenchClock: LedgerClock, Sendable {
    private let instant: Mutex<Timestamp>

    init(_ text: String) { instant = Mutex(Timestamp(text) ?? Timestamp(secondsSinceEpoch: 0)) }

    func now() -> Timestamp { instant.withLock { $0 } }

    func set(_ date: String) { instant.withLock { $0 = Timestamp(date + "T12:00:00Z") ?? $0 } }
}
