import CoopModel
import CoopPatronage

/// Reads the optional `patronage` section of `rules.yaml` (Article VI of the example bylaws;
/// schema: docs/BYLAWS.md). Every problem is logged with its line, column and rule path; the
/// result is nil when any was found.
///
/// ```yaml
/// patronage:
///   measures:                  # in the order notices show them
///     - name: revenue          # [a-z][a-z0-9_-]*, unique
///       unit: cents            # free text for notices
///       weight: "60%"          # > 0; all weights sum to exactly 1
///   reserve: "10%"             # share of net patronage surplus kept in the collective reserve
///   cash: "20%"                # cash part of each allocation, 20%...100%
///   minimum_allocation: "0.00" # optional, default 0.00
///   losses: reserve            # reserve | capital-accounts | carry-forward
///   consent: [bylaw, written]  # written | bylaw | qualified-check, at least one
///   on_departure: revolve      # optional: revolve (default) | redeem (treasurer may redeem a leaver's lots)
///   bylaw_consent: Article VI.3  # optional: membership is consent (needs bylaw in consent)
/// ```
struct PatronageRulesParser {
    let value: YAMLValue

    func parse() -> PatronageBylaws? {
        guard let m = value.mapping else { return nil }
        let before = value.reader.problems.count
        let measuresNode = m.required("measures")
        let measures = cleanly { measuresNode.flatMap(self.measures) }
        let reserveNode = m.required("reserve")
        let reserve = reserveNode?.ratio
        let cashNode = m.required("cash")
        let cash = cashNode?.ratio
        let minimumNode = m.optional("minimum_allocation")
        let minimum: Money? = minimumNode == nil ? .zero : minimumNode?.money
        let losses = m.required("losses").flatMap(lossPolicy)
        let consent = m.required("consent").flatMap(consent)
        let departureNode = m.optional("on_departure")
        let departure = departureNode == nil ? .revolve : departureNode?.oneOf(PatronageOnDeparture.self)
        let bylawConsentNode = m.optional("bylaw_consent")
        let bylawConsent = bylawConsentNode.flatMap(provision)
        if let node = bylawConsentNode, let consent, !consent.contains(.bylaw) {
            node.fail("consent by membership is a bylaw consent: list bylaw in consent, or remove bylaw_consent")
        }
        m.finish()
        // The engine's own checks, each on the key it concerns. A field that did not parse is
        // left out, so it is not reported twice; the other fields are still checked.
        var reported = Set<String>()
        func check(_ node: YAMLValue?, _ change: (inout PatronageRules) -> Void) {
            var rules = Self.baseline
            change(&rules)
            for sentence in rules.validate() where reported.insert(sentence).inserted {
                (node ?? value).fail(sentence)
            }
        }
        if let measures { check(measuresNode) { $0.measures = measures } }
        if let reserve { check(reserveNode) { $0.reserve = reserve } }
        if let cash { check(cashNode) { $0.cashPercent = cash } }
        if let minimum { check(minimumNode) { $0.minimumAllocation = minimum } }
        guard let measures, let reserve, let cash, let minimum, let losses, let consent, let departure,
            bylawConsentNode == nil || bylawConsent != nil, value.reader.problems.count == before
        else { return nil }
        let rules = PatronageRules(
            measures: measures, reserve: reserve, cashPercent: cash,
            minimumAllocation: minimum, lossPolicy: losses)
        // Whatever only the rules as a whole show (none today) goes on the section.
        check(nil) { $0 = rules }
        guard value.reader.problems.count == before else { return nil }
        return PatronageBylaws(rules: rules, consent: Set(consent), onDeparture: departure, bylawConsent: bylawConsent)
    }

    /// Valid rules that `check` changes one field of, so each sentence `validate()` returns
    /// can be put on the key it is about.
    private static let baseline = PatronageRules(
        measures: [PatronageMeasureRule(name: "all", weight: .one, unit: "units")], reserve: .zero, cashPercent: .one)

    /// `parse()`'s result, or nil when it logged any problem (an unknown key included): a list
    /// read in part must not be validated as if whole (its weights would not sum to 1).
    private func cleanly<T>(_ parse: () -> T?) -> T? {
        let before = value.reader.problems.count
        let result = parse()
        return value.reader.problems.count == before ? result : nil
    }

    private func measures(_ v: YAMLValue) -> [PatronageMeasureRule]? {
        guard let items = v.sequence else { return nil }
        guard !items.isEmpty else {
            v.fail("list at least one measure, such as {name: revenue, unit: cents, weight: \"100%\"}")
            return nil
        }
        var result: [PatronageMeasureRule] = []
        var names = Set<String>()
        for item in items {
            guard let m = item.mapping else { continue }
            let nameNode = m.required("name")
            var name = nameNode?.string
            if let n = name, let node = nameNode {
                if !Self.isMeasureName(n) {
                    node.fail("a measure name is a lowercase letter, then lowercase letters, digits, '_' or '-' (such as revenue), not \"\(n)\"")
                    name = nil
                } else if !names.insert(n).inserted {
                    node.fail("measure \"\(n)\" is listed twice: keep one and merge their weights")
                    name = nil
                }
            }
            let unit = m.required("unit").flatMap(unit)
            let weight = m.required("weight").flatMap(weight)
            m.finish()
            if let name, let unit, let weight { result.append(PatronageMeasureRule(name: name, weight: weight, unit: unit)) }
        }
        return result
    }

    /// Free text shown on notices (`cents`, `hours`): not blank.
    private func unit(_ v: YAMLValue) -> String? {
        guard let text = v.string else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            v.fail("name the unit the quantity is counted in, such as cents or hours")
            return nil
        }
        return text
    }

    /// The provision of the text that makes membership a consent (`Article VI.3`): not blank.
    private func provision(_ v: YAMLValue) -> String? {
        guard let text = v.string else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            v.fail("name the provision of bylaws.md that makes membership a consent, such as \"Article VI.3\"")
            return nil
        }
        return text
    }

    private func weight(_ v: YAMLValue) -> Ratio? {
        guard let r = v.ratio else { return nil }
        guard r.numerator > 0 else {
            v.fail("a measure's weight is above 0, such as \"40%\"; remove a measure that should not count")
            return nil
        }
        return r
    }

    private func lossPolicy(_ v: YAMLValue) -> LossPolicy? {
        guard let text = v.scalar else { return nil }
        guard let policy = LossPolicy(rawValue: text) else {
            v.fail("expected one of \(LossPolicy.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
            return nil
        }
        return policy
    }

    private func consent(_ v: YAMLValue) -> [ConsentMethod]? {
        guard let items = v.sequence else { return nil }
        guard !items.isEmpty else {
            v.fail("name at least one consent method (\(Self.consentNames)): without a consent no notice is qualified")
            return nil
        }
        var methods: [ConsentMethod] = []
        for item in items {
            guard let text = item.string else { continue }
            guard let method = ConsentMethod(rawValue: text) else {
                item.fail("\"\(text)\" is not a consent method (methods: \(Self.consentNames))")
                continue
            }
            if methods.contains(method) {
                item.fail("\"\(text)\" is listed twice")
                continue
            }
            methods.append(method)
        }
        return methods
    }

    private static var consentNames: String { ConsentMethod.allCases.map(\.rawValue).joined(separator: ", ") }

    /// `[a-z][a-z0-9_-]*`: the key members' quantities are reported under.
    static func isMeasureName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
