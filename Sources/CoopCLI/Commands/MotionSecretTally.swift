import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot

extension MotionCommand.Tally {
    /// `coop motion tally` of a secret motion: who counts, and with `--explain` every step an
    /// auditor re-checks (the ceremony, the ballots, the seal, each partial decryption, the counts).
    func showSecret(_ m: Motion, _ opening: MotionOpening, _ state: LedgerState) throws {
        guard let secret = m.secret else { return }
        let decision: MotionDecision?
        var waiting: String?
        do {
            decision = try state.decision(for: m)
        } catch let error as LedgerError {
            decision = nil
            waiting = error.refusal?.reason ?? "\(error)"
        }
        if output.json {
            if let d = decision {
                try printJSON(
                    encoding: TallyView(
                        motion: m.id, status: m.status, electorate: Int64(opening.electorate.count), ballots: d.ballots,
                        passed: d.passed, tally: d.resolved.tally, electionTally: d.resolved.electionTally,
                        winners: d.election?.winners, bylawsVersion: opening.bylawsVersion, rule: opening.rule,
                        superseded: d.resolved.superseded, explanation: d.explanation, rankedResult: nil, resultHash: nil))
            } else {
                try printJSON(
                    .object([
                        "motion": .string(m.id.description), "status": .string(m.status.rawValue), "secret": .bool(true),
                        "waiting": .string(waiting ?? ""),
                    ]))
            }
            return
        }
        let counted = try state.countedSecretBallots(for: m)
        say("\(m.id)  \(TerminalText.safe(oneLine: m.title))  [\(m.status.rawValue), secret ballot]")
        say("  electorate  \(opening.electorate.count) (frozen at entry \(opening.index); hash \(opening.electorateHash))")
        let c = secret.ceremony
        say(
            "  trustees    " + c.trustees.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ")
                + "; any \(c.threshold) of \(c.count) decrypt")
        say("  ballots     \(secret.ballots.count) encrypted ballot(s) recorded, \(counted.count) counted (the last of each voter)")
        if explain {
            say("  step 0      encryption keys (proofs of possession checked): trustees \(list(secret.keyTrustees))")
            say("  step 1      dealings (commitments, sealed shares, proofs checked): trustees \(list(secret.dealers))")
            say(
                "  step 2      share checks: trustees \(list(secret.checkers))"
                    + secret.checks.flatMap { ch in ch.complaints.map { "; trustee \(ch.trustee) complains about \($0.dealer)" } }.joined())
            if let setup = secret.setup {
                say("  step 3      entry \(secret.setupIndex ?? 0): election key \(setup.publicKey.base64); qualified dealers \(list(setup.qualified))")
                for d in setup.disqualified { say("              dealer \(d.dealer) left out: \(d.reason)") }
                for r in setup.rejectedComplaints { say("              complaint of \(r.trustee) against \(r.dealer) rejected: \(r.reason)") }
            } else {
                say("  step 3      not yet: the secretary records the key with 'coop trustee setup \(m.id)'")
            }
            say("  proofs      every ballot's choice proofs (0 or 1) and sum proof (\(secret.minimum) to \(secret.maximum)) verified when appended")
            say("  counted     entries " + (counted.isEmpty ? "none" : counted.map { "\($0.position) (\($0.voter))" }.joined(separator: ", ")))
            if let tally = secret.tally {
                say("  sealed      entry \(secret.sealIndex ?? 0): the sum of the \(tally.ballots) counted ballots, one ciphertext per choice:")
                for (i, ct) in tally.ciphertexts.enumerated() {
                    say("              \(secret.choices[i]): alpha \(ct.alpha.base64) beta \(ct.beta.base64)")
                }
                if let setup = secret.setup, let context = try? state.electionContext(for: m) {
                    for p in secret.partials {
                        let alone = try? tally.decrypt(partials: [p], setup: judgingAlone(setup), context: context)
                        let verdict: String
                        switch alone {
                        case .waiting(valid: [p.trustee], _, _)?: verdict = "proofs of correct decryption verify"
                        case .waiting(_, _, let rejected)?: verdict = "SET ASIDE: " + rejected.map(\.reason.description).joined(separator: "; ")
                        default: verdict = "SET ASIDE"
                        }
                        say("  partial     trustee \(p.trustee) (\(c.trustees[safe: p.trustee - 1]?.description ?? "?")): \(verdict)")
                    }
                }
            } else {
                say("  sealed      not yet: the secretary seals the ballots with 'coop motion seal \(m.id)' when voting ends")
            }
        }
        guard let d = decision else {
            say("  result      waiting: \(waiting ?? "")")
            return
        }
        if let t = d.resolved.tally {
            say("  counts      yes \(t.yes), no \(t.no), abstain \(t.abstain)")
        } else if let t = d.resolved.electionTally {
            say("  counts      " + t.counts.map { "\($0.name) \($0.votes)" }.joined(separator: ", "))
        }
        if explain, let r = d.secretResult {
            say("  combined    Lagrange at 0 over trustees \(list(r.trustees)); each count found in 0...\(r.ballots) (bounded discrete log)")
        }
        say("  result      \(resultWord(m, d))" + (m.status == .closed ? "" : " (if closed now)"))
        if explain { for line in d.explanation { say("  " + line) } }
    }

    private func list(_ numbers: [Int]) -> String { numbers.isEmpty ? "none yet" : numbers.map(String.init).joined(separator: ", ") }

    /// The setup with a threshold no single partial decryption reaches, so one is judged on its
    /// own (valid or set aside, with the reason) without combining anything.
    private func judgingAlone(_ setup: TrusteeSetup) -> TrusteeSetup {
        var s = setup
        s.threshold = setup.verificationKeys.count + 1
        return s
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
