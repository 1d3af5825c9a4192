/// How the cooperative's books meet its main books (`books` in rules.yaml; docs/BYLAWS.md).
public struct BooksRules: Sendable, Equatable, Codable {
    /// The main books' account that coop's hledger export books cash and the net margin to
    /// (`coop export --format hledger`; `--clearing` overrides it). Nil: a standalone journal.
    public var clearingAccount: String?

    public init(clearingAccount: String?) {
        self.clearingAccount = clearingAccount
    }

    enum CodingKeys: String, CodingKey {
        case clearingAccount = "clearing_account"
    }
}

extension RulesParser {
    /// `books: { clearing_account: NAME }`: an hledger account name (no two spaces in a row, no
    /// tab or `;`, no empty part between colons, no space at either end).
    func books(_ v: YAMLValue) -> BooksRules? {
        guard let m = v.mapping else { return nil }
        defer { m.finish() }
        guard let node = m.optional("clearing_account") else { return BooksRules(clearingAccount: nil) }
        guard let name = node.string else { return nil }
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.allSatisfy { $0 == " " } }) || name.contains("  ") || name.contains(";") || name.contains("\t")
            || name.hasPrefix(" ") || name.hasSuffix(" ")
        {
            node.fail("expected an hledger account name such as \"assets:coop clearing\": parts between colons, no two spaces in a row, no tab or ';'")
            return nil
        }
        return BooksRules(clearingAccount: name)
    }
}
