import CoopModel

/// Reads the optional `controls` section of `rules.yaml`; absent, `ControlRules.defaults` apply.
///
/// ```yaml
/// controls:
///   countersign:                     # entry type: the roles that may countersign it
///     key.revoke: [secretary, board]
///     equity.redeem: [board]
///   key_recovery_days: 7             # 0...90; default 7
/// ```
struct ControlRulesParser {
    let value: YAMLValue

    func parse() -> ControlRules? {
        guard let m = value.mapping else { return nil }
        defer { m.finish() }
        var countersign = ControlRules.defaults.countersign
        if let node = m.optional("countersign") {
            guard let list = node.mapping else { return nil }
            countersign = [:]
            for (name, rolesNode) in list.all {
                guard let action = OfficerAction(rawValue: name) else {
                    rolesNode.fail("\"\(name)\" is not an entry type officers sign (see docs/BYLAWS.md)")
                    continue
                }
                guard let names = rolesNode.strings else { continue }
                var roles = Set<Role>()
                for text in names {
                    guard let role = Role(rawValue: text) else {
                        rolesNode.fail("unknown role \"\(text)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                        continue
                    }
                    roles.insert(role)
                }
                if names.isEmpty { rolesNode.fail("name the roles that may countersign \(name), or leave it out") }
                countersign[action] = roles
            }
        }
        let daysNode = m.optional("key_recovery_days")
        let days = daysNode == nil ? ControlRules.defaults.keyRecoveryDays : daysNode?.int(in: 0...90)
        guard let days else { return nil }
        return ControlRules(countersign: countersign, keyRecoveryDays: days)
    }
}
