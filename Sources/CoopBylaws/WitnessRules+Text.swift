/// The `witnesses:` section as text, and a rules.yaml with it replaced: how `coop witness add`
/// and `coop witness remove` draft a bylaws amendment (the members still vote on it).
extension WitnessRules {
    /// The section, as BYLAWS.md documents it.
    public var yaml: String {
        var text = "witnesses:\n  threshold: \(threshold)\n  tolerance_seconds: \(toleranceSeconds)\n"
        if witnesses.isEmpty { return text + "  list: []\n" }
        text += "  list:\n"
        for w in witnesses {
            text += "    - name: \(w.name)\n      key: \"\(w.vkey)\"\n      url: \"\(w.url)\"\n"
        }
        return text
    }
}

extension BylawsFiles {
    /// The same files with rules.yaml's top-level `witnesses:` section (up to the next top-level
    /// key or the end) replaced by `rules`, or appended when there is none. Every other byte of
    /// the rules and of the human text is kept.
    public func replacingWitnesses(with rules: WitnessRules) -> BylawsFiles {
        let text = files[Self.rulesFile] ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var kept: [String] = []
        var skipping = false
        for line in lines {
            let topLevel = !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#") && !line.hasPrefix("\t")
            if topLevel { skipping = line.hasPrefix("witnesses:") }
            if !skipping { kept.append(line) }
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        var copy = self
        copy.files[Self.rulesFile] = kept.joined(separator: "\n") + "\n\n" + rules.yaml
        return copy
    }
}
