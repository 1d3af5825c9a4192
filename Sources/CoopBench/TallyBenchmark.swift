import CoopGovernance
import CoopModel

/// What one benchmark run did and how long it took. `seconds` is the only floating-point value
/// in this module: it reports a measurement and decides nothing.
public struct TallyBenchmarkReport: Sendable {
    /// Wall time of feeding the box, `finish()` and `evaluate`, excluding building the inputs.
    public var seconds: Double
    public var members: Int
    /// Every call fed to the box: ballots, proxy ballots, grants and revocations.
    public var events: Int
    public var directBallots: Int
    public var changedBallots: Int
    public var proxyGrants: Int
    public var proxyBallots: Int
    public var revocations: Int
    /// Calls the box refused (0 for the generated inputs; a check that the run was realistic).
    public var refused: Int
    public var counted: Int
    public var superseded: Int
    public var outcome: TallyOutcome
}

/// A repeatable workload for the tally engine: one electorate, a ballot from nearly everyone,
/// some changed ballots, some proxies (some overridden, some revoked), then the count.
public enum TallyBenchmark {
    enum Event {
        case cast(MemberID, Choice, UInt64)
        case proxy(holder: MemberID, grantor: MemberID, Choice, UInt64)
        case grant(MemberID, MemberID, UInt64)
        case revoke(MemberID, UInt64)
    }

    /// Builds the inputs from `seed` (same seed, same inputs), then times the box.
    public static func run(members: Int = 100_000, seed: UInt64) -> TallyBenchmarkReport {
        let n = max(2, members)
        let electorate = (1...n).compactMap { MemberID(number: Int64($0)) }
        var rng = SplitMix64(seed: seed)
        var events: [Event] = []
        events.reserveCapacity(n + n / 4)
        var position: UInt64 = 0
        func next() -> UInt64 {
            position += 1
            return position
        }
        func choice(_ r: UInt64) -> Choice { r % 10 < 6 ? .yes : (r % 10 < 9 ? .no : .abstain) }

        var counts = (direct: 0, changed: 0, grants: 0, proxies: 0, revocations: 0)
        var later: [Event] = []
        var i = 0
        while i < n {
            let r = rng.next()
            // 1 in 20: the member gives a proxy to the next member, who votes it.
            if r % 20 == 0, i + 1 < n {
                let grantor = electorate[i], holder = electorate[i + 1]
                events.append(.grant(grantor, holder, next()))
                events.append(.proxy(holder: holder, grantor: grantor, choice(r >> 8), next()))
                counts.grants += 1
                counts.proxies += 1
                switch (r >> 16) % 10 {
                case 0, 1:
                    later.append(.cast(grantor, choice(r >> 24), 0))
                    counts.direct += 1  // overrides
                case 2:
                    later.append(.revoke(grantor, 0))
                    counts.revocations += 1
                default: break
                }
            } else {
                events.append(.cast(electorate[i], choice(r >> 8), next()))
                counts.direct += 1
                // 1 in 10 changes their mind later.
                if (r >> 32) % 10 == 0 {
                    later.append(.cast(electorate[i], choice(r >> 40), 0))
                    counts.changed += 1
                }
            }
            i += 1
        }
        for event in later {
            switch event {
            case .cast(let m, let c, _): events.append(.cast(m, c, next()))
            case .revoke(let m, _): events.append(.revoke(m, next()))
            default: break
            }
        }

        let rule = VotingRule.majority.with(quorum: .fraction(.bench(1, 5)))
        let clock = ContinuousClock()
        var refused = 0
        var resolved: ResolvedBallots?
        var outcome: TallyOutcome?
        let elapsed = clock.measure {
            var box = BallotBox(electorate: electorate, proxies: ProxyRule(perHolderLimit: 3))
            for event in events {
                do {
                    switch event {
                    case .cast(let m, let c, let p): try box.cast(voter: m, choice: c, position: p)
                    case .proxy(let h, let g, let c, let p): try box.castAsProxy(holder: h, for: g, choice: c, position: p)
                    case .grant(let g, let h, let p): try box.grantProxy(from: g, to: h, position: p)
                    case .revoke(let g, let p): try box.revokeProxy(from: g, position: p)
                    }
                } catch {
                    refused += 1
                }
            }
            let r = box.finish()
            resolved = r
            outcome = r.tally.map { rule.evaluate($0) }
        }
        return TallyBenchmarkReport(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            members: n, events: events.count, directBallots: counts.direct, changedBallots: counts.changed,
            proxyGrants: counts.grants, proxyBallots: counts.proxies, revocations: counts.revocations, refused: refused,
            counted: resolved?.ballots.count ?? 0, superseded: resolved?.superseded.count ?? 0,
            outcome: outcome ?? TallyOutcome(passed: false, quorumMet: false, quorumNeeded: 0, base: 0, explanation: []))
    }
}
