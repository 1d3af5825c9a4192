import CoopBylaws
import CoopCrypto
import CoopModel
import CoopSecretBallot

/// `trustee.key`: a trustee named at the opening publishes its encryption key with a proof of
/// possession (step 0). One per trustee; none after the setup.
struct TrusteeKeyHandler: EntryHandler {
    let type = EntryType.trusteeKey

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(TrusteeKeyBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        try Self.requireCeremonyOpen(motion, secret, entry: entry)
        try state.requireTrustee(secret, number: body.key.trustee, field: "key.trustee", for: entry)
        guard !secret.keyTrustees.contains(body.key.trustee) else {
            throw entry.refuse(.duplicate, field: "key", "trustee \(body.key.trustee) already published its key for \(motion.id)")
        }
        do {
            try body.key.verify(ceremony: secret.ceremony)
        } catch {
            throw entry.refuse(.proof, field: "key", "\(error)")
        }
        state.governance.motions[motion.id]?.secret?.keys.append(body.key)
    }

    /// Refuses ceremony steps once the election key is set up (or the motion is closed).
    static func requireCeremonyOpen(_ motion: Motion, _ secret: SecretElection, entry: DecodedEntry) throws {
        guard motion.status == .open, secret.setup == nil else {
            throw entry.refuse(
                .status, field: "motion",
                motion.status == .open
                    ? "\(motion.id)'s election key is already set up (entry \(secret.setupIndex ?? 0)); the ceremony is over"
                    : "\(motion.id) is \(motion.status.rawValue)")
        }
    }
}

/// `trustee.deal`: once every trustee's key is published, each trustee deals sealed shares to
/// all (step 1). The public checks are made here; a dealing is refused after the first share check.
struct TrusteeDealHandler: EntryHandler {
    let type = EntryType.trusteeDeal

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(TrusteeDealBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        try TrusteeKeyHandler.requireCeremonyOpen(motion, secret, entry: entry)
        try state.requireTrustee(secret, number: body.dealing.dealer, field: "dealing.dealer", for: entry)
        let missing = secret.missing(\.keyTrustees)
        guard missing.isEmpty else {
            throw entry.refuse(
                .tooEarly,
                "trustees \(missing.map(String.init).joined(separator: ", ")) of \(motion.id) have not published their keys; deal after all have")
        }
        guard secret.checks.isEmpty else {
            throw entry.refuse(
                .tooLate, "trustees of \(motion.id) have already checked their shares; a dealing now would go unchecked")
        }
        guard !secret.dealers.contains(body.dealing.dealer) else {
            throw entry.refuse(.duplicate, field: "dealing", "trustee \(body.dealing.dealer) already dealt for \(motion.id)")
        }
        do {
            try body.dealing.verify(ceremony: secret.ceremony)
        } catch {
            throw entry.refuse(.proof, field: "dealing", "\(error)")
        }
        state.governance.motions[motion.id]?.secret?.dealings.append(body.dealing)
    }
}

/// `trustee.check`: a trustee reports the shares sealed to it good, or complains with a proof
/// (step 2). Complaints are judged at the setup.
struct TrusteeCheckHandler: EntryHandler {
    let type = EntryType.trusteeCheck

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        let body = try entry.body(TrusteeCheckBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        try TrusteeKeyHandler.requireCeremonyOpen(motion, secret, entry: entry)
        try state.requireTrustee(secret, number: body.check.trustee, field: "check.trustee", for: entry)
        guard !secret.dealings.isEmpty else {
            throw entry.refuse(.tooEarly, "no trustee of \(motion.id) has dealt shares yet; nothing to check")
        }
        guard !secret.checkers.contains(body.check.trustee) else {
            throw entry.refuse(.duplicate, field: "check", "trustee \(body.check.trustee) already checked its shares for \(motion.id)")
        }
        var dealers = Set<Int>()
        for (i, complaint) in body.check.complaints.enumerated() {
            guard secret.dealers.contains(complaint.dealer), dealers.insert(complaint.dealer).inserted else {
                throw entry.refuse(
                    .field, field: "check.complaints[\(i)].dealer",
                    "a complaint names dealer \(complaint.dealer), who has no dealing or was complained about twice")
            }
        }
        state.governance.motions[motion.id]?.secret?.checks.append(body.check)
    }
}

/// `trustee.setup`: the officer who opens motions records the election key the ceremony gives
/// (step 3, re-derived here: disqualified dealers, upheld complaints). Ballots may then be cast.
struct TrusteeSetupHandler: EntryHandler {
    let type = EntryType.trusteeSetup

    func apply(_ entry: DecodedEntry, index: UInt64, to state: inout LedgerState) throws {
        try state.requireOfficer(entry.statement.author, for: .motionOpen, fallback: [.secretary])
        let body = try entry.body(TrusteeSetupBody.self)
        let (motion, secret) = try state.secretElection(body.motion, for: entry)
        try TrusteeKeyHandler.requireCeremonyOpen(motion, secret, entry: entry)
        let setup: TrusteeSetup
        do {
            setup = try TrusteeSetup.derive(ceremony: secret.ceremony, keys: secret.keys, dealings: secret.dealings, checks: secret.checks)
        } catch {
            throw entry.refuse(.tooEarly, "\(motion.id)'s ceremony gives no key yet: \(error)")
        }
        guard setup.publicKey == body.publicKey else {
            throw entry.refuse(
                .recount, field: "public_key",
                "the ceremony gives the election key \(setup.publicKey.base64), not \(body.publicKey.base64)")
        }
        state.governance.motions[motion.id]?.secret?.setup = setup
        state.governance.motions[motion.id]?.secret?.setupIndex = index
    }
}
