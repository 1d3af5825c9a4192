import Foundation

/// A replica's configuration, beside its ledger file as `<ledger>.remote.json`: where the
/// remote is and which ledger key it trusts (pinned at clone). `coop clone` writes it;
/// `coop remote show` prints it; write commands on a replica post to the remote.
public struct ReplicaConfiguration: Codable, Hashable, Sendable {
    public static let formatName = "coop-replica/1"

    public var format: String
    /// The remote's base URL.
    public var url: String
    /// The checkpoint origin and the ledger key text (`<origin>+<key id>+<base64>`): every
    /// checkpoint accepted must verify under it.
    public var origin: String
    public var ledgerKey: String
    /// Where split-view evidence is written when a remote forks (default: beside the ledger).
    public var evidenceFolder: String?

    enum CodingKeys: String, CodingKey {
        case format, url, origin
        case ledgerKey = "ledger_key"
        case evidenceFolder = "evidence_folder"
    }

    public init(url: String, origin: String, ledgerKey: String, evidenceFolder: String? = nil) {
        self.format = Self.formatName
        self.url = url
        self.origin = origin
        self.ledgerKey = ledgerKey
        self.evidenceFolder = evidenceFolder
    }

    /// The configuration file of the ledger at `ledgerPath`.
    public static func path(forLedger ledgerPath: String) -> String { ledgerPath + ".remote.json" }

    /// The configuration of a replica, or nil when the ledger is not one.
    public static func load(forLedger ledgerPath: String) throws -> ReplicaConfiguration? {
        let path = path(forLedger: ledgerPath)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            let config = try JSONDecoder().decode(ReplicaConfiguration.self, from: data)
            guard config.format == formatName else { throw ReplicaError.configuration(path: path, reason: "its format is not \(formatName)") }
            return config
        } catch let e as ReplicaError {
            throw e
        } catch {
            throw ReplicaError.configuration(path: path, reason: "it is not replica JSON (\(error))")
        }
    }

    /// Writes the configuration (mode 0644: it holds no secret).
    public func save(forLedger ledgerPath: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self) + Data([0x0A])
        let path = Self.path(forLedger: ledgerPath)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw ReplicaError.configuration(path: path, reason: "cannot write it")
        }
    }
}
