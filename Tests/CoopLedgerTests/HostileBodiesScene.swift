import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel

/// A cooperative where every non-patronage entry type has something to act on, with plausible
/// bodies of each type drawn from its current state: two officers holding every role, a member
/// who left with a paid share, a seconded resolution (proxies allowed) and an election open for
/// ballots, a proposal waiting for its second. The templates are the starting points that
/// `EntryHostileBodiesTests` mutates.
struct HostileScene {
    var a: Assembly
    /// Fresh keys (for admissions, rotations, replacements) by public key, so the scene can sign
    /// for whoever ends up holding one.
    private(set) var pool: [Ed25519.PublicKey: Ed25519.PrivateKey] = [:]
    private var minted = 0

    /// Every type the templates cover: the catalog less the genesis (valid only at index 0) and
    /// the patronage types (`PatronageHostileBodiesTests`).
    static let types: [EntryType] = [
        .keyCancelRecovery, .memberAdmit, .memberChange, .memberWithdraw, .memberExpel, .memberSuspend, .memberReinstate,
        .roleGrant, .roleRevoke, .keyRotate, .keyRevoke, .note, .booksClose,
        .duesPay, .duesWaive, .duesRefund, .duesVoid, .equityShare, .equityRedeem, .equityVoid,
        .motionPropose, .motionSecond, .motionOpen, .motionClose, .ballotCast, .proxyGrant, .proxyRevoke,
    ]

    /// The shipped bylaws, except that any member may propose a resolution with one second and
    /// may hold up to two proxies on it, and that no entry needs a countersignature (the scene
    /// signs alone; `LedgerRulesTests` and the attack suites prove dual control).
    static func bylaws() throws -> BylawsFiles {
        try Assembly.bylaws(editing: [
            (
                "    proxies: none\n    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:",
                "    proxies:\n      per_holder_limit: 2\n    eligible_classes: [therapist, prescriber, staff]\n"
                    + "    proposers:\n      any_member:\n        seconds: 1\n  bylaws-amendment:"
            ),
            ("  countersign:\n    key.revoke: [secretary, treasurer, board]\n", "  countersign: {}\n"),
        ])
    }

    init() throws {
        a = try Assembly(bylaws: Self.bylaws())
        let m1 = a.m1
        let ben = try a.admit("Ben", class: "therapist"), cho = try a.admit("Cho", class: "staff")
        let dev = try a.admit("Dev", class: "prescriber"), sam = try a.admit("Sam", class: "supporter")
        let eve = try a.admit("Eve", class: "therapist")
        for role in ["secretary", "treasurer", "board"] {
            try a.sign(m1, .roleGrant, ["member": .string(ben.description), "role": .string(role)])
        }
        a.clock.set("2026-02-01")
        try a.payDuesAhead([m1, ben, cho, dev, sam, eve])
        try a.sign(m1, .equityShare, ["member": .string(eve.description), "amount": .integer(50_000)])
        try a.sign(eve, .memberWithdraw, ["member": .string(eve.description)])
        let resolution = try a.propose(.resolution, "Adopt the budget")
        try a.sign(ben, .motionSecond, ["motion": .string(resolution.description)])
        try a.open(resolution)
        let election = try a.propose(.election, "Director", extra: ["seats": 1, "candidates": ["Ben", "Cho", "Dev"]])
        try a.open(election)
        try a.sign(
            cho, .motionPropose,
            [
                "kind": "resolution",
                "title": "Longer hours", "text": "Resolved: open on Saturdays.",
            ])
        // Dev's key is being recovered (Dev may cancel it: key.cancel-recovery has one to cancel).
        let recovery = try freshKey()
        try a.sign(m1, .keyRevoke, ["member": .string(dev.description), "new_key": .string(recovery.publicKey.text)])
    }

    /// A key no one has held yet.
    mutating func freshKey() throws -> Ed25519.PrivateKey {
        minted += 1
        var seed = [UInt8](repeating: 0x5c, count: 32)
        seed[0] = UInt8(minted & 0xff)
        seed[1] = UInt8(minted >> 8)
        let key = try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
        pool[key.publicKey] = key
        return key
    }

    /// Learns the keys accepted entries installed (admissions, rotations, replacements).
    mutating func learnKeys() throws {
        for (id, m) in try a.state.members {
            if let k = m.key, a.keys[id]?.publicKey != k, let key = pool[k] { a.keys[id] = key }
        }
    }

    /// Active members whose key in force the scene holds.
    func usable(_ s: LedgerState) -> [MemberID] {
        s.members.values.filter { $0.status == .active && $0.key != nil && a.keys[$0.id]?.publicKey == $0.key }.map(\.id).sorted()
    }

    /// A usable holder of `role` (m1 when there is none left, to be refused).
    func officer(_ role: Role, _ s: LedgerState, _ rng: inout SplitMix64) -> MemberID {
        pick(usable(s).filter { s.members[$0]?.roles.contains(role) == true }, &rng) ?? a.m1
    }

    /// One of `xs` (nil when empty).
    func pick<T>(_ xs: [T], _ rng: inout SplitMix64) -> T? { xs.isEmpty ? nil : xs[Int(rng.next() % UInt64(xs.count))] }

    /// A plausible author and body of `type` for the ledger in state `s`.
    mutating func template(_ type: EntryType, _ s: LedgerState, _ rng: inout SplitMix64) throws -> (MemberID, [String: JSONValue]) {
        let people = usable(s), m1 = a.m1
        let someone = pick(people, &rng) ?? m1
        let other = pick(people.filter { $0 != m1 }, &rng) ?? someone
        // Suspensions, expulsions and revocations aim at members without a role, so the officers
        // who sign most types stay in office (mutations still aim them elsewhere).
        let ordinary = pick(people.filter { s.members[$0]?.roles.isEmpty == true }, &rng) ?? other
        let month = JSONValue.string(YearMonth(a.clock.now().date).description)
        let open = s.governance.list.filter { $0.status == .open }, proposed = s.governance.list.filter { $0.status == .proposed }
        func id(_ m: MemberID) -> JSONValue { .string(m.description) }
        switch type {
        case .memberAdmit:
            let n = s.nextMemberNumber
            return (
                officer(.secretary, s, &rng),
                [
                    "name": .string("Member \(n)"),
                    "key": .string(try freshKey().publicKey.text),
                    "class": .string(pick(["therapist", "staff", "prescriber", "supporter"], &rng)!),
                ]
            )
        case .memberChange:
            // The sliding tier is not open to supporters: they change class instead.
            let body: [String: JSONValue] =
                rng.next() % 2 == 0 || s.members[other]?.memberClass == "supporter"
                ? ["member": id(other), "class": "staff", "from": month]
                : ["member": id(other), "tier": "sliding", "dues_amount": 3_000, "from": month]
            return (officer(.secretary, s, &rng), body)
        case .memberWithdraw:
            return (ordinary, ["member": id(ordinary), "reason": "moving away"])
        case .memberExpel, .memberSuspend:
            return (officer(.secretary, s, &rng), ["member": id(ordinary), "reason": "conduct"])
        case .memberReinstate:
            let suspended = s.members.values.filter { $0.status == .suspended }.map(\.id).sorted()
            return (officer(.secretary, s, &rng), ["member": id(pick(suspended, &rng) ?? other)])
        case .roleGrant:
            let unheld = Role.allCases.filter { s.members[someone]?.roles.contains($0) == false }
            let role = pick(unheld, &rng) ?? pick(Role.allCases, &rng)!
            return (officer(.secretary, s, &rng), ["member": id(someone), "role": .string(role.rawValue)])
        case .roleRevoke:
            let held = s.members.values.filter { $0.id != m1 }.flatMap { m in m.roles.map { (m.id, $0) } }
                .sorted { ($0.0.number, $0.1.rawValue) < ($1.0.number, $1.1.rawValue) }
            let (who, role) = pick(held, &rng) ?? (someone, .board)
            return (officer(.secretary, s, &rng), ["member": id(who), "role": .string(role.rawValue)])
        case .keyRotate:
            return (someone, ["new_key": .string(try freshKey().publicKey.text)])
        case .keyRevoke:
            var body: [String: JSONValue] = ["member": id(ordinary), "reason": "lost laptop"]
            // A recovery (new key) whenever none is pending, so key.cancel-recovery has one to cancel.
            if s.pendingRecoveries.isEmpty || rng.next() % 4 != 0 { body["new_key"] = .string(try freshKey().publicKey.text) }
            return (officer(.secretary, s, &rng), body)
        case .keyCancelRecovery:
            let pending = s.pendingRecoveries.keys.filter(people.contains).sorted()
            return (pick(pending, &rng) ?? someone, ["reason": "I still have my key"])
        case .booksClose:
            let yesterday = CivilDate(daysSinceEpoch: (s.ledgerTime ?? Timestamp(secondsSinceEpoch: 0)).date.daysSinceEpoch - 1)
            return (officer(.treasurer, s, &rng), ["through": .string(yesterday.description)])
        case .note:
            return (someone, ["text": "Minutes of the meeting.", "subject": "board"])
        case .duesPay:
            return (
                officer(.treasurer, s, &rng),
                [
                    "member": id(someone), "amount": .integer(pick([1_700, 8_500, 120_000], &rng)!),
                    "period": month, "method": "check", "ref": "1001",
                ]
            )
        case .duesWaive:
            return (officer(.treasurer, s, &rng), ["member": id(someone), "amount": 1_700, "reason": "hardship"])
        case .duesRefund:
            return (officer(.treasurer, s, &rng), ["member": id(someone), "amount": 100, "reason": "overpaid"])
        case .duesVoid:
            // A payment not voided yet (the mutations reach the other cases).
            let all = s.registers.dues.values.flatMap(\.movements)
            let voided = Set(all.compactMap(\.voids))
            let payments = all.filter { $0.kind == .payment && !voided.contains($0.index) }.map(\.index).sorted()
            let entry = payments.last ?? 0
            return (officer(.treasurer, s, &rng), ["entry": .integer(Int64(entry)), "reason": "entered twice"])
        case .equityVoid:
            // A share payment not voided yet, still held by the share.
            let payments = s.registers.equity.values.flatMap { account in
                let voided = Set(account.movements.compactMap(\.voids))
                return account.movements.filter {
                    $0.kind == .payment && $0.component == .share && !voided.contains($0.index) && account.balance(.share) >= $0.amount
                }
            }.map(\.index).sorted()
            return (officer(.treasurer, s, &rng), ["entry": .integer(Int64(payments.last ?? 0)), "reason": "entered twice"])
        case .equityShare:
            let owing = people.filter { s.members[$0]?.memberClass != "supporter" }
            let who = pick(owing, &rng) ?? someone
            // The shipped share: 500.00 in at most ten instalments of 50.00.
            let remaining = 50_000 - (s.registers.equity[who]?.sharePaidIn.cents ?? 0)
            let amount = rng.next() % 2 == 0 ? min(5_000, remaining) : remaining
            return (officer(.treasurer, s, &rng), ["member": id(who), "amount": .integer(amount)])
        case .equityRedeem:
            let left = s.members.values.filter { $0.status == .withdrawn || $0.status == .expelled }
                .filter { (s.registers.equity[$0.id]?.balance(.share).cents ?? 0) > 0 }.map(\.id).sorted()
            return (officer(.treasurer, s, &rng), ["member": id(pick(left, &rng) ?? other), "component": "share", "amount": 5_000])
        case .motionPropose:
            if rng.next() % 3 == 0 {
                return (
                    officer(.board, s, &rng),
                    [
                        "kind": "election", "title": "Director", "text": "Elect a director.",
                        "seats": 1, "candidates": ["Ben", "Cho"],
                    ]
                )
            }
            return (someone, ["kind": "resolution", "title": "A motion", "text": "Resolved: something."])
        case .motionSecond:
            // A resolution (seconds are asked only of resolutions in these bylaws).
            let m = pick(proposed.filter { $0.kind == .resolution }, &rng) ?? pick(proposed, &rng)
            let seconder = pick(people.filter { $0 != m?.proposer }, &rng) ?? someone
            return (seconder, ["motion": .string(m?.id.description ?? "M1")])
        case .motionOpen:
            // A proposal with the seconds its rule asks for (so the template fits).
            let ready = proposed.filter { m in
                guard case .anyMember(let needed)? = s.bylaws?.rules.governance.rule(for: m.kind).proposers else { return true }
                return m.seconds.count >= needed
            }
            let id = pick(ready, &rng)?.id ?? pick(proposed, &rng)?.id
            let body = id.flatMap { try? s.openBody(for: $0, openDate: s.ledgerTime?.date ?? CivilDate(year: 2026, month: 1, day: 1)).object() }
            return (officer(.secretary, s, &rng), body ?? ["motion": .string(id?.description ?? "M1")])
        case .motionClose:
            let m = pick(open, &rng)
            let body = m.flatMap { try? s.closeBody(for: $0).body.object() } ?? ["motion": "M1"]
            return (officer(.secretary, s, &rng), body)
        case .ballotCast:
            return vote(type, pick(open, &rng), s, &rng)
        case .proxyGrant, .proxyRevoke:
            return vote(type, pick(open.filter { $0.election == nil }, &rng) ?? pick(open, &rng), s, &rng)
        default:
            return (someone, [:])
        }
    }

    /// A ballot or proxy event on `motion` by a member of its electorate.
    func vote(_ type: EntryType, _ motion: Motion?, _ s: LedgerState, _ rng: inout SplitMix64) -> (MemberID, [String: JSONValue]) {
        let people = usable(s)
        let electorate = (motion?.opening?.electorate ?? []).filter(people.contains)
        let voter = pick(electorate, &rng) ?? pick(people, &rng) ?? a.m1
        var body: [String: JSONValue] = ["motion": .string(motion?.id.description ?? "M1")]
        switch type {
        case .ballotCast:
            if let candidates = motion?.election?.candidates {
                body["choice"] = rng.next() % 4 == 0 ? "abstain" : .array([.string(pick(candidates, &rng) ?? "Ben")])
            } else {
                body["choice"] = .string(pick(["yes", "no", "abstain"], &rng)!)
            }
            if rng.next() % 5 == 0, let grantor = pick(electorate, &rng) { body["for"] = .string(grantor.description) }
            return (voter, body)
        case .proxyGrant:
            body["holder"] = .string((pick(electorate.filter { $0 != voter }, &rng) ?? voter).description)
            return (voter, body)
        default:
            // Members whose latest proxy event is a grant still have one to revoke.
            var inForce: [MemberID: Bool] = [:]
            for e in motion?.events ?? [] where e.kind != .ballot { inForce[e.member] = e.kind == .proxyGrant }
            let grantors = inForce.filter(\.value).keys.filter(people.contains).sorted()
            return (pick(grantors, &rng) ?? voter, body)
        }
    }
}
