import CoopBylaws
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

/// `ballot.secret`: a member of the frozen electorate casts an encrypted ballot (or, with
/// `for` and where the bylaws allow secret proxies, one for the member whose proxy they hold).
/// Every proof is checked for this ledger, motion, electorate, key and voter; a ciphertext
/// already cast by another voter is refused. A later ballot replaces the earlier one.
struct SecretBallotHandler: EntryHandler {
    let type = EntryType.ballotSecret

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(SecretBallotBody.self)
        let author = entry.statement.author
        let voter = body.grantor ?? author
        // Judged on copies that end before the state is changed, so the motion's arrays are
        // appended to in place (no copy of every earlier ballot per ballot).
        let (id, event) = try Self.judge(body, author: author, voter: voter, index: index, state: state, entry: entry)
        if let event {
            try state.record(event, on: try state.motion(id), for: entry)
        } else {
            let placeholder: Choice = state.governance.motions[id]?.election == nil ? .abstain : .selection([])
            state.governance.motions[id]?.events.append(
                VoteEvent(kind: .ballot, position: index, member: author, choice: placeholder, grantor: nil))
        }
        let record = SecretBallotRecord(
            position: index, member: author, grantor: body.grantor, ciphertexts: body.ballot.choices.map(\.ciphertext))
        state.governance.motions[id]?.secret?.ballots.append(record)
        for choice in body.ballot.choices {
            state.governance.motions[id]?.secret?.alphaOwners[choice.alpha] = voter
        }
    }

    /// Every check of the entry. Returns the motion and, for a proxy ballot, the event the ballot
    /// box must judge (grants and their holders); a direct ballot needs only the electorate, checked here.
    static func judge(
        _ body: SecretBallotBody, author: MemberID, voter: MemberID, index: UInt64, state: LedgerState, entry: DecodedEntry
    ) throws -> (MotionID, VoteEvent?) {
        let (motion, opening) = try state.openMotion(body.motion, at: entry.time, for: entry)
        guard let secret = motion.secret else {
            throw entry.refuse(
                .status, field: "ballot", "\(motion.id) is voted by open ballot; cast a choice with 'coop vote' (ballot.cast)")
        }
        guard secret.tally == nil else {
            throw entry.refuse(.tooLate, "\(motion.id)'s ballots were sealed at entry \(secret.sealIndex ?? 0); no ballot is accepted now")
        }
        let context = try state.electionContext(for: motion)
        try state.requireActive(author, field: nil, role: "the voter", for: entry)
        if let grantor = body.grantor {
            guard opening.rule.secretProxies else {
                throw entry.refuse(.bylaws, field: "for", "the bylaws do not allow proxies with secret ballots on \(motion.kind.rawValue) motions")
            }
            try state.requireActive(grantor, field: "for", role: "the proxy's grantor", for: entry)
        } else {
            guard Self.contains(opening.electorate, author) else {
                let why = state.whyNotEligible(author, under: opening.rule, recordIndex: opening.recordIndex, recordDate: opening.recordDate)
                throw entry.refuse(.notEligible, GovernanceError.notInElectorate(author).description + (why.map { ": " + $0 } ?? ""))
            }
        }
        do {
            if !state.verifiedBallots.contains(entry.hash) { try BallotVerifier(context: context).verify(body.ballot, voter: voter) }
        } catch let error as SecretBallotError {
            switch error {
            case .malformedBallot: throw entry.refuse(.field, field: "ballot", "\(error)")
            default: throw entry.refuse(.proof, field: "ballot", "\(error)")
            }
        }
        for choice in body.ballot.choices {
            if let owner = secret.alphaOwners[choice.alpha], owner != voter {
                throw entry.refuse(
                    .duplicate, field: "ballot",
                    "\(SecretBallotError.replayedCiphertext(voter: voter, copiedFrom: owner))")
            }
        }
        // The ballot box decides who counts (electorate, proxies, the last ballot); it holds a
        // placeholder, never the choice.
        guard let grantor = body.grantor else { return (motion.id, nil) }
        let placeholder: Choice = motion.election == nil ? .abstain : .selection([])
        return (motion.id, VoteEvent(kind: .ballot, position: index, member: author, choice: placeholder, grantor: grantor))
    }

    /// Binary search in the electorate (sorted by member number).
    static func contains(_ electorate: [MemberID], _ member: MemberID) -> Bool {
        var lo = 0, hi = electorate.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if electorate[mid] < member { lo = mid + 1 } else { hi = mid }
        }
        return lo < electorate.count && electorate[lo] == member
    }
}

/// `motion.seal`: the officer who closes motions ends a secret vote (after its window) and
/// records the homomorphic sum of the counted ballots, which the handler recomputes. The
/// trustees then decrypt exactly this tally.
struct MotionSealHandler: EntryHandler {
    let type = EntryType.motionSeal

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .motionClose, fallback: [.secretary])
        let body = try entry.body(MotionSealBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        guard motion.status == .open, let opening = motion.opening else {
            throw entry.refuse(.status, field: "motion", "\(motion.id) is \(motion.status.rawValue)")
        }
        guard secret.tally == nil else {
            throw entry.refuse(.duplicate, field: "motion", "\(motion.id) was already sealed at entry \(secret.sealIndex ?? 0)")
        }
        guard secret.setup != nil else {
            throw entry.refuse(.tooEarly, "\(motion.id)'s election key was never set up; there is nothing to seal")
        }
        if let closes = opening.closesAt, entry.time < closes {
            throw entry.refuse(.tooEarly, "voting on \(motion.id) runs until \(closes); seal it at or after that time")
        }
        let derived = try state.encryptedTally(for: motion)
        guard derived == body.tally else {
            throw entry.refuse(
                .recount, field: "tally",
                "the recorded tally is not the sum of the \(derived.ballots) counted ballots of \(motion.id) "
                    + "(record what 'coop motion seal \(motion.id)' computes)")
        }
        state.governance.motions[motion.id]?.secret?.tally = derived
        state.governance.motions[motion.id]?.secret?.sealIndex = index
    }
}

/// `trustee.decrypt`: a trustee's partial decryption of the sealed tally. One of the wrong shape
/// or a second valid one is refused; one whose proof fails is kept, named and set aside, so the
/// record shows which trustee misbehaved.
struct TrusteeDecryptHandler: EntryHandler {
    let type = EntryType.trusteeDecrypt

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(TrusteeDecryptBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        guard motion.status == .open else { throw entry.refuse(.status, field: "motion", "\(motion.id) is \(motion.status.rawValue)") }
        guard let tally = secret.tally else {
            throw entry.refuse(.tooEarly, "\(motion.id) is not sealed yet; decrypt after the secretary seals the ballots")
        }
        try state.requireTrustee(secret, number: body.partial.trustee, field: "partial.trustee", for: entry)
        let k = tally.ciphertexts.count
        guard body.partial.factors.count == k, body.partial.proofs.count == k else {
            throw entry.refuse(
                .field, field: "partial",
                "a partial decryption of \(motion.id) has \(k) factors and \(k) proofs, not "
                    + "\(body.partial.factors.count) and \(body.partial.proofs.count)")
        }
        if let setup = secret.setup, Self.hasValidPartial(body.partial.trustee, secret: secret, tally: tally, setup: setup, state: state, motion: motion) {
            throw entry.refuse(
                .duplicate, field: "partial", "trustee \(body.partial.trustee) already posted a valid partial decryption of \(motion.id)")
        }
        state.governance.motions[motion.id]?.secret?.partials.append(body.partial)
    }

    /// True when `trustee` already has a partial decryption that verifies.
    static func hasValidPartial(
        _ trustee: Int, secret: SecretElection, tally: EncryptedTally, setup: TrusteeSetup, state: LedgerState, motion: Motion
    ) -> Bool {
        let earlier = secret.partials.filter { $0.trustee == trustee }
        guard !earlier.isEmpty, let context = try? state.electionContext(for: motion),
            let result = try? tally.decrypt(partials: earlier, setup: setup, context: context)
        else { return false }
        switch result {
        case .complete(let counts): return counts.trustees.contains(trustee)
        case .waiting(let valid, _, _): return valid.contains(trustee)
        }
    }
}
