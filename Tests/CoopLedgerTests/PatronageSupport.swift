import CoopBylaws
import CoopCanonicalJSON
import CoopCrypto
import CoopGovernance
import CoopLedger
import CoopModel

/// Year-end steps for patronage tests, on the governance test cooperative (m1 Ada holds every
/// officer role). Each step signs what the CLI would sign.
extension Assembly {
    func record(_ member: MemberID, _ measure: String, _ quantity: Int64, year: Int = 2026) throws {
        try sign(
            m1, .patronageRecord,
            [
                "member": .string(member.description), "measure": .string(measure),
                "quantity": .integer(quantity), "year": .integer(Int64(year)),
            ])
    }

    func consent(_ member: MemberID, _ method: String, by author: MemberID? = nil, extra: [String: JSONValue] = [:]) throws {
        var body: [String: JSONValue] = ["member": .string(member.description), "method": .string(method)]
        body.merge(extra) { $1 }
        try sign(author ?? m1, .patronageConsent, body)
    }

    func closeYear(_ year: Int = 2026, surplus: String, nonpatronage: String? = nil) throws {
        var body: [String: JSONValue] = ["year": .integer(Int64(year)), "surplus": .integer(Money(surplus)!.cents)]
        if let nonpatronage { body["nonpatronage"] = .integer(Money(nonpatronage)!.cents) }
        try sign(m1, .patronageCloseYear, body)
    }

    /// Pays every member's dues far ahead, so all are in good standing to vote.
    func payDuesAhead(_ members: [MemberID]) throws {
        for m in members { try sign(m1, .duesPay, ["member": .string(m.description), "amount": .integer(1_000_000)]) }
    }

    /// Puts the year's current result hash to a patronage-approval motion that everyone in
    /// `voters` approves; returns the hash approved.
    @discardableResult
    func approve(_ year: Int = 2026, voters: [MemberID], hash: SHA256Digest? = nil) throws -> SHA256Digest {
        let approved = try hash ?? state.patronageComputation(year: year).resultHash
        let motion = try propose(
            .patronageApproval, "Patronage \(year)",
            extra: ["year": .integer(Int64(year)), "result_hash": .string(approved.hex)])
        try open(motion)
        for v in voters { try vote(v, motion, "yes") }
        try close(motion)
        return approved
    }

    func commit(_ year: Int = 2026, hash: SHA256Digest? = nil) throws {
        let h = try hash ?? state.patronageComputation(year: year).resultHash
        try sign(m1, .patronageCommit, ["year": .integer(Int64(year)), "result_hash": .string(h.hex)])
    }

    /// Close, approve and commit a year in one go.
    func finishYear(_ year: Int = 2026, surplus: String, voters: [MemberID]) throws {
        try closeYear(year, surplus: surplus)
        try approve(year, voters: voters)
        try commit(year)
    }

    func balance(_ member: MemberID, _ component: EquityComponent) throws -> Money {
        try state.registers.equity[member]?.balance(component) ?? .zero
    }
}
