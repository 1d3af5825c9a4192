/// Renders a ranked count's data as English lines (`coop ... --explain`). The lines are for
/// people and are never hashed or stored; the data in `RankedResult` is the record.
public enum RankedExplanation {
    /// The method and its source, the ballots and quota, every round (ties with the rule that
    /// decided them, transfers, votes, elections, exclusions), then the result and any vacancy.
    public static func lines(for result: RankedResult) -> [String] {
        var lines: [String] = []
        let seats = result.seats
        switch result.method {
        case .instantRunoff:
            lines.append("irv: instant runoff, 1 seat, \(result.candidates.count) candidate(s); counted as Scottish STV with one seat")
        case .scottishSTV:
            lines.append(
                "scottish-stv: Scottish Local Government Elections Order 2007, Schedule 1 rules 45-52; "
                    + "\(seats) seat(s), \(result.candidates.count) candidate(s); values to 5 decimal places, transfers truncated")
        case .meekSTV:
            lines.append(
                "meek-stv: Meek's method (Hill, Wichmann, Woodall, Algorithm 123) as the PR Foundation's Reference "
                    + "Meek Rule states it; \(seats) seat(s), \(result.candidates.count) candidate(s); values to 9 decimal places")
        }
        lines.append("ballots: \(result.ballots) (valid \(result.validBallots), abstentions \(result.abstentions))")
        switch result.method {
        case .instantRunoff, .scottishSTV:
            lines.append("quota: \(result.quota) = floor(\(result.validBallots) / (\(seats) + 1)) + 1 (rule 46)")
        case .meekSTV:
            lines.append("quota: recomputed at each iteration as floor9(votes held / (\(seats) + 1)) + 0.000000001")
        }
        lines.append("draw seed (SHA-256 of the motion's open entry): \(result.seedHex)")
        for round in result.rounds { lines += roundLines(round) }
        lines.append("result: elected " + (result.winners.isEmpty ? "no one" : result.winners.joined(separator: ", ")))
        if result.vacantSeats > 0 {
            lines.append(
                "\(result.vacantSeats) seat(s) left vacant: no other candidate held a vote when the count ended "
                    + "(coop elects no one without a vote)")
        }
        return lines
    }

    static func roundLines(_ round: RankedRound) -> [String] {
        var lines: [String] = []
        let n = "round \(round.number)"
        switch round.kind {
        case .firstPreferences:
            lines.append("\(n): first preferences")
        case .surplus:
            lines.append("\(n): surplus of \(round.candidate ?? "?") transferred")
        case .exclusion:
            lines.append("\(n): \(round.candidate ?? "?") excluded, every paper transferred at its value")
        case .meek:
            lines.append("\(n): \(round.iterations ?? 0) iteration(s); quota \(round.quota), surplus \(round.surplus.map { "\($0)" } ?? "0")")
        case .final:
            lines.append("\(n): votes distributed once more after the last exclusion; quota \(round.quota)")
        }
        for tie in round.tieBreaks { lines.append("  " + tieLine(tie)) }
        if let t = round.transfer {
            var head = "  from \(t.from) (\(t.votesBefore) votes"
            if let s = t.surplus { head += ", surplus \(s)" }
            head +=
                "): "
                + t.parcels.map { "\($0.papers) paper(s) received at \($0.received) carry on at \($0.transferValue)" }
                .joined(separator: "; ")
            lines.append(head)
            let to = t.to.map { "\($0.name) +\($0.votes) (\($0.papers) paper(s))" }.joined(separator: ", ")
            lines.append(
                "  to " + (to.isEmpty ? "no one" : to) + "; exhausted \(t.exhaustedVotes) (\(t.exhaustedPapers) paper(s))"
                    + "; lost to fractions \(t.lossToFractions)")
        }
        lines.append(
            "  votes: "
                + round.tallies.map { tally in
                    var text = "\(tally.name) \(tally.votes)"
                    if tally.status != .continuing { text += " (\(tally.status.rawValue))" }
                    if let k = tally.keepFactor, tally.status == .elected { text += " keep \(k)" }
                    return text
                }.joined(separator: ", "))
        if !round.elected.isEmpty { lines.append("  elected (quota \(round.quota) reached): " + round.elected.joined(separator: ", ")) }
        if !round.electedRemaining.isEmpty {
            lines.append(
                "  elected without the quota (no more continuing candidates than seats left): "
                    + round.electedRemaining.joined(separator: ", "))
        }
        if !round.excluded.isEmpty { lines.append("  excluded: " + round.excluded.joined(separator: ", ")) }
        lines.append("  exhausted \(round.exhausted), lost to fractions \(round.lossToFractions)")
        return lines
    }

    static func tieLine(_ tie: RankedTieBreak) -> String {
        let what: String
        switch tie.purpose {
        case .exclusion: what = "tie for exclusion"
        case .surplusOrder: what = "equal surpluses, candidates' votes"
        case .electionOrder: what = "equal votes for order of election"
        }
        let tied = zip(tie.tied, tie.votes).map { "\($0) \($1)" }.joined(separator: ", ")
        var text = "\(what): \(tied)"
        for step in tie.earlierRounds {
            text +=
                "; " + (tie.purpose == .exclusion ? "fewest" : "most") + " votes at round \(step.round): "
                + step.remaining.joined(separator: ", ")
        }
        let verdict: String
        switch tie.purpose {
        case .exclusion: verdict = "excluded: "
        case .surplusOrder: verdict = "transferred first: "
        case .electionOrder: verdict = "elected first: "
        }
        if let draw = tie.draw {
            text +=
                "; equal at every earlier round, so drawn by ascending SHA-256(seed ‖ name): "
                + draw.map { "\($0.name) \($0.hashHex)" }.joined(separator: ", ")
            text += tie.purpose == .exclusion ? " → last in lot order " : " → first in lot order "
        } else {
            text += " → "
        }
        return text + verdict + tie.chosen
    }
}
