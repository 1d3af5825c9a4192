import CoopBylaws
import CoopModel

/// A member's class and dues tier, checked against the bylaws in force.
struct MembershipTerms: Equatable {
    var memberClass: String?
    var tier: String?
    /// Their own monthly amount on a sliding-scale tier.
    var own: Money?
}

extension LedgerState {
    /// Checks a class, tier and sliding-scale amount against the bylaws in force, filling in the
    /// class's default tier. Without machine bylaws, class and tier are free labels and no dues
    /// accrue. `fields` is where the body holds them (`founders[1].` in a genesis), for the refusal.
    func terms(
        class memberClass: String?, tier: String?, own: Money?, for entry: DecodedEntry,
        fields prefix: String = ""
    ) throws -> MembershipTerms {
        let (classField, tierField, ownField) = (prefix + "class", prefix + "tier", prefix + "dues_amount")
        guard let rules = bylaws?.rules else {
            guard own == nil else { throw entry.refuse(.bylaws, field: ownField, "\"dues_amount\" needs bylaws with dues tiers") }
            return MembershipTerms(memberClass: memberClass, tier: tier, own: nil)
        }
        let classes = rules.classes.keys.sorted().joined(separator: ", ")
        guard let memberClass else { throw entry.refuse(.field, field: classField, "a member needs a class (one of \(classes))") }
        guard let classRule = rules.classes[memberClass] else {
            throw entry.refuse(.bylaws, field: classField, "\"\(memberClass)\" is not a member class of the bylaws (classes: \(classes))")
        }
        let tierName = tier ?? classRule.defaultTier
        guard let tierRule = rules.dues.tiers[tierName] else {
            throw entry.refuse(
                .bylaws, field: tierField,
                "\"\(tierName)\" is not a dues tier of the bylaws (tiers: \(rules.dues.tiers.keys.sorted().joined(separator: ", ")))")
        }
        guard tierRule.classes.contains(memberClass) else {
            throw entry.refuse(.bylaws, field: tierField, "the \(tierName) tier is not open to the \(memberClass) class")
        }
        if let own, own.cents <= 0 { throw entry.refuse(.amount, field: ownField, "\"dues_amount\" must be positive") }
        guard tierRule.accepts(own: own) else {
            if let lo = tierRule.slidingMin, let hi = tierRule.slidingMax {
                throw entry.refuse(
                    .amount, field: ownField,
                    "the sliding-scale tier \(tierName) needs \"dues_amount\" between \(lo) and \(hi)")
            }
            throw entry.refuse(
                .field, field: ownField,
                "the \(tierName) tier has a fixed amount; \"dues_amount\" is only for sliding-scale tiers")
        }
        return MembershipTerms(memberClass: memberClass, tier: tierName, own: own)
    }

    /// Opens the dues account of a member admitted in `month` by entry `index` (when the bylaws
    /// have tiers).
    mutating func openDuesAccount(for id: MemberID, terms: MembershipTerms, month: YearMonth, index: UInt64) {
        guard bylaws != nil, let tier = terms.tier else { return }
        registers.dues[id] = DuesAccount(start: month, tier: TierSpan(index: index, from: month, tier: tier, own: terms.own))
    }

    /// Throws unless `id` is a member whose status is one of `allowed`; `field` names it in the body.
    func requireMember(
        _ id: MemberID, in allowed: Set<MemberStatus>, for entry: DecodedEntry,
        field: String = "member"
    ) throws -> MemberRecord {
        guard let m = members[id] else { throw entry.refuse(.notFound, field: field, "there is no member \(id)") }
        guard allowed.contains(m.status) else {
            throw entry.refuse(.status, field: field, "\(id) is \(m.status.rawValue)")
        }
        return m
    }
}
