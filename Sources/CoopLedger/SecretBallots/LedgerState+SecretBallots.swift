import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopModel
import CoopSecretBallot

extension LedgerState {
    /// The secret election of motion `id`, or a `status` refusal when the motion is not secret.
    func secretElection(_ id: MotionID, for entry: DecodedEntry) throws -> (Motion, SecretElection) {
        let motion = try motion(id, field: "motion")
        guard let secret = motion.secret else {
            throw entry.refuse(
                .status, field: "motion",
                motion.status == .proposed
                    ? "\(id) is not open; its trustees are named when the secretary opens it"
                    : "\(id) is not voted by secret ballot; it has no trustees or encrypted ballots")
        }
        return (motion, secret)
    }

    /// The trustee number of the entry's author in `secret`, checked against the number the
    /// body gives; a `notAuthorized` refusal when the author is not that trustee.
    func requireTrustee(_ secret: SecretElection, number: Int, field: String, for entry: DecodedEntry) throws {
        let author = entry.statement.author
        guard let own = secret.trustee(author) else {
            throw entry.refuse(
                .notAuthorized,
                "\(author) is not a trustee of \(secret.ceremony.label) (trustees: "
                    + secret.ceremony.trustees.map(\.description).joined(separator: ", ") + ")")
        }
        guard own == number else {
            throw entry.refuse(.notAuthorized, field: field, "\(author) is trustee \(own), not trustee \(number)")
        }
    }

    /// The ballot a secret motion takes: one encrypted 0/1 per choice and how many may be
    /// selected. Yes/no/abstain motions: three choices, exactly one. Plurality elections: the
    /// candidates, up to the seats; approval: any number of them. Ranked elections are refused.
    static func secretBallotShape(for motion: Motion) -> (choices: [String], minimum: Int, maximum: Int)? {
        guard let election = motion.election else { return (["yes", "no", "abstain"], 1, 1) }
        let n = election.candidates.count
        guard n >= 1, n <= ElectionContext.maximumChoices else { return nil }
        switch election.method {
        case .pluralityAtLarge(let seats): return (election.candidates, 0, min(seats, n))
        case .approval: return (election.candidates, 0, n)
        case .ranked: return nil
        }
    }

    /// What every proof of `motion`'s secret ballot is bound to (docs/FORMAT.md "Secret
    /// ballots"): this ledger, the motion, the electorate fixed at opening, the ballot's shape
    /// and the election key. Throws `tooEarly` before the trustees' setup.
    public func electionContext(for motion: Motion) throws -> ElectionContext {
        guard let secret = motion.secret, let opening = motion.opening else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) is not a secret motion", code: .status)
        }
        guard let setup = secret.setup else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion",
                reason: "\(motion.id)'s election key is not set up yet: the trustees publish keys, deal and check shares "
                    + "('coop trustee key|deal|check \(motion.id)'), then the secretary records it ('coop trustee setup \(motion.id)')",
                code: .tooEarly)
        }
        do {
            return try ElectionContext(
                ledgerID: ledgerID?.description ?? "", motionID: motion.id.description, electorateHash: opening.electorateHash,
                choices: secret.choices.count, minimum: secret.minimum, maximum: secret.maximum, publicKey: setup.publicKey)
        } catch {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): \(error)", code: .invalid)
        }
    }

    /// The encrypted ballots that count (the last of each voter, proxies resolved as for open
    /// ballots), in member order.
    public func countedSecretBallots(for motion: Motion) throws -> [SecretBallotRecord] {
        guard let secret = motion.secret else { return [] }
        let resolved = try ballotBox(for: motion).finish()
        var byPosition: [UInt64: SecretBallotRecord] = [:]
        for b in secret.ballots { byPosition[b.position] = b }
        return try resolved.ballots.map { counted in
            guard let record = byPosition[counted.position] else {
                throw LedgerError.invalidBody(
                    index: nil, type: "motion", reason: "\(motion.id): no encrypted ballot at entry \(counted.position)", code: .invalid)
            }
            return record
        }
    }

    /// The homomorphic sum of the counted ballots: what `motion.seal` must record.
    public func encryptedTally(for motion: Motion) throws -> EncryptedTally {
        guard let secret = motion.secret else {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id) is not a secret motion", code: .status)
        }
        var sums = [Ciphertext](repeating: .zero, count: secret.choices.count)
        let counted = try countedSecretBallots(for: motion)
        for ballot in counted {
            for (i, c) in ballot.ciphertexts.enumerated() where i < sums.count { sums[i] = sums[i] + c }
        }
        return EncryptedTally(ballots: counted.count, ciphertexts: sums)
    }

    /// The partial decryptions posted so far, combined: the counts once `threshold` valid ones
    /// are in, else what is still missing (bad ones named). Throws `tooEarly` before the seal.
    public func secretDecryption(for motion: Motion) throws -> TallyDecryption {
        guard let secret = motion.secret, let setup = secret.setup, let tally = secret.tally else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion",
                reason: "\(motion.id)'s secret ballots are not sealed yet; the secretary seals them with 'coop motion seal \(motion.id)' "
                    + "when voting ends, then the trustees decrypt the tally ('coop trustee decrypt \(motion.id)')",
                code: .tooEarly)
        }
        do {
            return try tally.decrypt(partials: secret.partials, setup: setup, context: try electionContext(for: motion))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): \(error)", code: .recount)
        }
    }

    /// The counts of a secret motion: recorded at its close, else recovered now. Throws
    /// `tooEarly` (saying what is missing) while fewer than `threshold` trustees have decrypted.
    func secretCounts(for motion: Motion) throws -> DecryptedTally {
        if let result = motion.secret?.result { return result }
        // A ceremony that never gave a key (trustees absent, too few qualified dealers): no
        // ballot could be cast, so the motion closes with none counted.
        if let secret = motion.secret, secret.setup == nil, secret.ballots.isEmpty {
            return DecryptedTally(ballots: 0, counts: secret.choices.map { _ in 0 }, trustees: [], rejected: [])
        }
        switch try secretDecryption(for: motion) {
        case .complete(let counts): return counts
        case let .waiting(valid, threshold, rejected):
            throw LedgerError.invalidBody(
                index: nil, type: "motion",
                reason: "\(motion.id): "
                    + SecretBallotError.notEnoughPartialDecryptions(valid: valid, threshold: threshold, rejected: rejected).description,
                code: .tooEarly)
        }
    }

    /// The resolved ballots of a secret motion with the proven counts in place of the
    /// placeholders the ballot box holds (it knows who voted, not how).
    func secretResolved(_ resolved: ResolvedBallots, motion: Motion, electorate: Int64) throws -> (ResolvedBallots, DecryptedTally) {
        let counts = try secretCounts(for: motion)
        guard counts.ballots == resolved.ballots.count else {
            throw LedgerError.invalidBody(
                index: nil, type: "motion",
                reason: "\(motion.id): the sealed tally adds up \(counts.ballots) ballots, the ballot box counts \(resolved.ballots.count)",
                code: .recount)
        }
        var out = resolved
        let c = counts.counts.map(Int64.init)
        if let election = motion.election {
            guard c.count == election.candidates.count else {
                throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): wrong number of counts", code: .invalid)
            }
            out.electionTally = ElectionTally(
                method: election.method, electorate: electorate, ballots: Int64(counts.ballots), abstentions: 0,
                counts: zip(election.candidates, c).map { CandidateCount(name: $0, votes: $1) })
        } else {
            guard c.count == 3 else {
                throw LedgerError.invalidBody(index: nil, type: "motion", reason: "\(motion.id): wrong number of counts", code: .invalid)
            }
            out.tally = Tally(electorate: electorate, yes: c[0], no: c[1], abstain: c[2])
        }
        return (out, counts)
    }
}
