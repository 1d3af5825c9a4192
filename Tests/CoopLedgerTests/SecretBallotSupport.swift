import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel
import CoopSecretBallot
import Foundation

/// A secret motion in a test ledger: m1 (secretary) and therapist members, bylaws with
/// `ballot: secret` for resolutions, trustees named at opening, and helpers for every step.
/// The test keeps the trustees' secrets and the voters' plaintexts; the ledger never sees them.
struct SecretScene {
    enum SceneError: Error { case missing(String) }

    var a: Assembly
    var voters: [MemberID]
    let motion: MotionID
    let trustees: [MemberID]
    var secrets: [Int: TrusteeSecret] = [:]

    /// Resolutions are secret; with `proxies`, one proxy a holder and secret proxies allowed.
    static func bylaws(proxies: Bool = false) throws -> BylawsFiles {
        let tail = "    eligible_classes: [therapist, prescriber, staff]\n    proposers: board\n  bylaws-amendment:"
        let secret =
            proxies
            ? "    proxies: {per_holder_limit: 1}\n" + tail.replacingOccurrences(of: "board\n", with: "board\n    ballot: secret\n    secret_proxies: true\n")
            : "    proxies: none\n" + tail.replacingOccurrences(of: "board\n", with: "board\n    ballot: secret\n")
        return try Assembly.bylaws(editing: [("    proxies: none\n" + tail, secret)])
    }

    /// `count` voters (m1 and therapists), a motion of `kind` proposed with `extra`, opened with
    /// the first `trusteeCount` voters as trustees and `threshold`.
    static func make(
        voters count: Int = 5, kind: MotionKind = .resolution, extra: [String: JSONValue] = [:], trustees trusteeCount: Int = 3,
        threshold: Int = 2, proxies: Bool = false, catalog: EntryCatalog = .cooperative
    ) throws -> SecretScene {
        var a = try Assembly(bylaws: try bylaws(proxies: proxies), catalog: catalog)
        var voters = [a.m1]
        for i in 1..<count { voters.append(try a.admit("Voter \(i)", class: "therapist")) }
        let motion = try a.propose(kind, "A secret vote", extra: extra)
        let trustees = Array(voters.prefix(trusteeCount))
        var body = try a.state.openBody(for: motion, openDate: a.clock.now().date)
        body.trustees = trustees
        body.threshold = threshold
        try a.sign(a.m1, .motionOpen, try body.object())
        return SecretScene(a: a, voters: voters, motion: motion, trustees: trustees)
    }

    var election: SecretElection {
        get throws {
            guard let e = try a.state.motion(motion).secret else { throw SceneError.missing("secret election") }
            return e
        }
    }

    /// Steps 0 to 3: every trustee publishes a key, deals and checks; m1 records the setup.
    mutating func ceremony() throws {
        let c = try election.ceremony
        for (i, t) in trustees.enumerated() {
            let (key, secret) = try TrusteeKey.generate(ceremony: c, trustee: i + 1)
            secrets[i + 1] = secret
            try a.sign(t, .trusteeKey, try TrusteeKeyBody(motion: motion, key: key).object())
        }
        for (i, t) in trustees.enumerated() {
            let dealing = try Dealing.deal(ceremony: c, dealer: i + 1, keys: try election.keys)
            try a.sign(t, .trusteeDeal, try TrusteeDealBody(motion: motion, dealing: dealing).object())
        }
        for (i, t) in trustees.enumerated() {
            guard let secret = secrets[i + 1] else { throw SceneError.missing("secret") }
            let check = try ShareCheck.check(ceremony: c, secret: secret, keys: try election.keys, dealings: try election.dealings)
            try a.sign(t, .trusteeCheck, try TrusteeCheckBody(motion: motion, check: check).object())
        }
        try setup()
    }

    func setup() throws {
        let e = try election
        let setup = try TrusteeSetup.derive(ceremony: e.ceremony, keys: e.keys, dealings: e.dealings, checks: e.checks)
        try a.sign(a.m1, .trusteeSetup, try TrusteeSetupBody(motion: motion, publicKey: setup.publicKey).object())
    }

    var context: ElectionContext { get throws { try a.state.electionContext(for: try a.state.motion(motion)) } }

    /// `voter` encrypts `selected` (choice numbers) and casts it.
    @discardableResult
    func cast(_ voter: MemberID, _ selected: Set<Int>, for grantor: MemberID? = nil) throws -> StoredEntry {
        let ballot = try EncryptedBallot.encrypt(selected: selected, context: try context, voter: grantor ?? voter)
        return try castBallot(voter, ballot, for: grantor)
    }

    @discardableResult
    func castBallot(_ voter: MemberID, _ ballot: EncryptedBallot, for grantor: MemberID? = nil) throws -> StoredEntry {
        try a.sign(voter, .ballotSecret, try SecretBallotBody(motion: motion, ballot: ballot, grantor: grantor).object())
    }

    func seal() throws {
        let tally = try a.state.encryptedTally(for: try a.state.motion(motion))
        try a.sign(a.m1, .motionSeal, try MotionSealBody(motion: motion, tally: tally).object())
    }

    /// Trustee `j`'s partial decryption, honest or (`tamper`) with a wrong first factor.
    func partial(_ j: Int, tamper: Bool = false) throws -> PartialDecryption {
        let e = try election
        guard let secret = secrets[j], let setup = e.setup, let tally = e.tally else { throw SceneError.missing("seal") }
        let share = try TrusteeShare.derive(ceremony: e.ceremony, setup: setup, secret: secret, keys: e.keys, dealings: e.dealings)
        var p = PartialDecryption.make(tally: tally, context: try context, share: share)
        if tamper { p.factors[0] = p.factors[0] + Ristretto255.Element.generator }
        return p
    }

    func decrypt(_ j: Int, tamper: Bool = false) throws {
        try a.sign(trustees[j - 1], .trusteeDecrypt, try TrusteeDecryptBody(motion: motion, partial: try partial(j, tamper: tamper)).object())
    }
}
