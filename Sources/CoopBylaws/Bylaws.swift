import CoopCrypto

/// One bylaws version: its files, its version hash, and the rules read from them.
public struct Bylaws: Sendable, Equatable {
    public let version: SHA256Digest
    public let files: BylawsFiles
    public let rules: BylawsRules

    public init(version: SHA256Digest, files: BylawsFiles, rules: BylawsRules) {
        self.version = version
        self.files = files
        self.rules = rules
    }
}
