import CoopModel
import Synchronization

/// Turns a bylaws version's files into rules, or lists every problem found.
public enum BylawsReader {
    /// The schema line every `rules.yaml` starts with.
    public static let schema = "coop-bylaws/1"

    /// Reads and validates `files`; throws `BylawsError.invalid` listing every problem.
    ///
    /// Bylaws read well are remembered (the last few), so the same files read again in this
    /// process are a look-up: a verification reads the genesis bylaws twice, and every state
    /// read back from a snapshot carries them.
    public static func read(_ files: BylawsFiles) throws -> Bylaws {
        if let known = recent.withLock({ $0.first { $0.files == files } }) { return known }
        let bylaws = try parse(files)
        recent.withLock { recent in
            recent.insert(bylaws, at: 0)
            if recent.count > recentLimit { recent.removeLast() }
        }
        return bylaws
    }

    /// How many bylaws versions `read` remembers.
    static let recentLimit = 4
    private static let recent = Mutex<[Bylaws]>([])

    private static func parse(_ files: BylawsFiles) throws -> Bylaws {
        var problems: [BylawsProblem] = []
        if (files.files[BylawsFiles.textFile] ?? "").allSatisfy(\.isWhitespace) {
            problems.append(BylawsProblem(file: BylawsFiles.textFile, message: "the human text of the bylaws is missing or empty"))
        }
        guard let text = files.files[BylawsFiles.rulesFile] else {
            problems.append(BylawsProblem(file: BylawsFiles.rulesFile, message: "the machine rules file is missing"))
            throw BylawsError.invalid(problems)
        }
        let reader = YAMLReader(file: BylawsFiles.rulesFile)
        let rules = reader.document(text).flatMap { RulesParser(root: $0).parse() }
        problems += reader.problems
        guard let rules, problems.isEmpty else {
            throw BylawsError.invalid(problems.isEmpty ? [BylawsProblem(file: BylawsFiles.rulesFile, message: "unreadable rules")] : problems)
        }
        return Bylaws(version: try files.digest, files: files, rules: rules)
    }

    /// Reads the folder at `path`.
    public static func read(folder path: String) throws -> Bylaws {
        try read(try BylawsFiles.load(folder: path))
    }
}

/// The parse of one `rules.yaml`: each section read by its own method, cross-references checked
/// after all sections are read. Returns nil when any problem was logged.
struct RulesParser {
    let root: YAMLValue

    func parse() -> BylawsRules? {
        guard let top = root.mapping else { return nil }
        let before = root.reader.problems.count
        if let schema = top.required("schema") {
            if schema.scalar != BylawsReader.schema { schema.fail("this coop reads schema \"\(BylawsReader.schema)\"") }
        }
        let cooperative = top.required("cooperative").flatMap(cooperative)
        let classes = top.required("classes").flatMap(classes)
        let dues = top.required("dues").flatMap(dues)
        let share = top.required("share").flatMap(share)
        let officers = top.required("officers").flatMap(officers)
        let governance = top.required("governance").flatMap {
            GovernanceRulesParser(value: $0, classes: classes.map { Set($0.keys) }).parse()
        }
        // Optional: absent means no patronage allocations; a section that fails logs problems.
        let patronage = top.optional("patronage").flatMap { PatronageRulesParser(value: $0).parse() }
        // Optional: absent means the defaults (a second officer countersigns key revocations).
        let controlsNode = top.optional("controls")
        let controls = controlsNode.map { ControlRulesParser(value: $0).parse() } ?? ControlRules.defaults
        // Optional: absent means no witnesses required.
        let witnessesNode = top.optional("witnesses")
        let witnesses = witnessesNode.flatMap { WitnessRulesParser(value: $0).parse() }
        // Optional: absent means a standalone hledger export (no clearing account).
        let books = top.optional("books").flatMap(books)
        top.finish()
        // Cross-references only once every section read cleanly: a class that failed to parse
        // must not also be reported as "unknown" wherever it is named.
        guard let cooperative, let classes, let dues, let share, let officers, let governance, let controls,
            root.reader.problems.count == before
        else { return nil }
        crossCheck(classes: classes, dues: dues, top: top)
        guard root.reader.problems.count == before else { return nil }
        return BylawsRules(
            cooperative: cooperative, classes: classes, dues: dues, share: share, officers: officers,
            governance: governance, patronage: patronage, controls: controls, witnesses: witnesses, books: books)
    }

    private func cooperative(_ v: YAMLValue) -> CooperativeRule? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let name = m.required("name")?.string
        var end: MonthDay?
        if let e = m.required("fiscal_year_end"), let text = e.scalar {
            end = MonthDay(text)
            if end == nil { e.fail("expected a month and day MM-DD such as \"12-31\", not \"\(text)\"") }
        }
        guard let name, let end else { return nil }
        return CooperativeRule(name: name, fiscalYearEnd: end)
    }

    private func classes(_ v: YAMLValue) -> [String: MemberClassRule]? {
        guard let m = v.mapping else { return nil }
        var result: [String: MemberClassRule] = [:]
        for (name, value) in m.all {
            guard Self.isName(name) else {
                value.fail("class names are lowercase letters, digits and '-'")
                continue
            }
            guard let c = value.mapping else { continue }
            let description = c.optional("description")?.string ?? ""
            let tier = c.required("default_tier")?.string
            let share = c.required("share_required")?.bool
            let patronage = c.required("patronage")?.bool
            c.finish()
            if let tier, let share, let patronage {
                result[name] = MemberClassRule(description: description, defaultTier: tier, shareRequired: share, patronage: patronage)
            }
        }
        if m.entries.isEmpty { v.fail("at least one member class is needed") }
        return result
    }

    private func dues(_ v: YAMLValue) -> DuesRules? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let treatment = m.required("treatment")?.oneOf(DuesTreatment.self)
        let arrears = m.required("max_arrears_months")?.int(in: 0...120)
        var tiers: [String: DuesTier] = [:]
        if let t = m.required("tiers"), let tm = t.mapping {
            for (name, value) in tm.all {
                guard Self.isName(name) else {
                    value.fail("tier names are lowercase letters, digits and '-'")
                    continue
                }
                if let tier = tier(value) { tiers[name] = tier }
            }
            if tm.entries.isEmpty { t.fail("at least one dues tier is needed") }
        }
        guard let treatment, let arrears else { return nil }
        return DuesRules(treatment: treatment, tiers: tiers, maxArrearsMonths: arrears)
    }

    private func tier(_ v: YAMLValue) -> DuesTier? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let monthlyNode = m.optional("monthly")
        let monthly = monthlyNode?.money
        let loNode = m.optional("sliding_min"), hiNode = m.optional("sliding_max")
        let lo = loNode?.money, hi = hiNode?.money
        let classes = m.required("classes")?.strings
        switch (monthlyNode, loNode, hiNode) {
        case (_?, nil, nil):
            if let monthly, monthly.cents == 0 { monthlyNode?.fail("a monthly amount must be more than 0.00") }
        case (nil, _?, _?):
            if let lo, let hi, lo.cents == 0 || lo > hi { v.fail("the sliding scale needs 0 < sliding_min <= sliding_max") }
        default:
            v.fail("a tier has either \"monthly\" or both \"sliding_min\" and \"sliding_max\"")
            return nil
        }
        guard let classes else { return nil }
        if classes.isEmpty { v.fail("a tier must name the classes that may use it") }
        return DuesTier(monthly: monthly, slidingMin: lo, slidingMax: hi, classes: Set(classes))
    }

    private func share(_ v: YAMLValue) -> ShareRule? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        let price = m.required("price")?.money
        let instalments = m.required("instalments")?.int(in: 1...120)
        let onWithdrawal = m.required("on_withdrawal")?.oneOf(ShareOnLeaving.self)
        let onExpulsion = m.required("on_expulsion")?.oneOf(ShareOnLeaving.self)
        guard let price, let instalments, let onWithdrawal, let onExpulsion else { return nil }
        return ShareRule(price: price, instalments: instalments, onWithdrawal: onWithdrawal, onExpulsion: onExpulsion)
    }

    private func officers(_ v: YAMLValue) -> [Role: Set<OfficerAction>]? {
        guard let m = v.mapping else { return nil }
        var result: [Role: Set<OfficerAction>] = [:]
        for (name, value) in m.all {
            guard let role = Role(rawValue: name) else {
                value.fail("unknown officer role \"\(name)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard let items = value.sequence else { continue }
            var actions = Set<OfficerAction>()
            for item in items {
                guard let text = item.string else { continue }
                guard let action = OfficerAction(rawValue: text) else {
                    item.fail("\"\(text)\" is not an entry type officers sign (see docs/BYLAWS.md)")
                    continue
                }
                if !actions.insert(action).inserted { item.fail("\"\(text)\" is listed twice") }
            }
            result[role] = actions
        }
        let signed = Set(result.values.flatMap { $0 })
        let unsigned = OfficerAction.allCases.filter { !signed.contains($0) }
        if !unsigned.isEmpty {
            v.fail("no role may sign \(unsigned.map(\.rawValue).joined(separator: ", ")); give each to some role")
        }
        if !(result[.secretary]?.contains(.roleGrant) ?? false) {
            v.fail("the secretary must be able to sign role.grant (officers are appointed through it)")
        }
        return result
    }

    /// Checks that need several sections: tiers name real classes, classes name real tiers.
    private func crossCheck(classes: [String: MemberClassRule], dues: DuesRules, top: YAMLMapping) {
        let duesNode = top.optional("dues"), classesNode = top.optional("classes")
        for (name, tier) in dues.tiers.sorted(by: { $0.key < $1.key }) {
            for c in tier.classes.sorted() where classes[c] == nil {
                duesNode?.fail("tier \"\(name)\" names the unknown class \"\(c)\"")
            }
        }
        for (name, c) in classes.sorted(by: { $0.key < $1.key }) {
            guard let tier = dues.tiers[c.defaultTier] else {
                classesNode?.fail("class \"\(name)\" has the unknown default tier \"\(c.defaultTier)\"")
                continue
            }
            if !tier.classes.contains(name) {
                classesNode?.fail("class \"\(name)\" defaults to tier \"\(c.defaultTier)\", which is not open to it")
            }
            if tier.isSliding { classesNode?.fail("class \"\(name)\" cannot default to the sliding-scale tier \"\(c.defaultTier)\"") }
        }
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 40 && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
