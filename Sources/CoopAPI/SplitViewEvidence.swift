import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import CoopTlog
import Foundation

/// Proof that a ledger's operator signed two views of the log that cannot both be true: two
/// checkpoints under the ledger key, and (for different sizes) the consistency path of the
/// larger tree, which implies a root for the smaller size other than the one signed for it.
///
/// Anyone holding the ledger key text checks it offline (`coop verify --evidence FILE`):
/// both signatures must verify; for equal sizes the roots must differ; otherwise the path must
/// lead to the larger checkpoint's root while implying another root for the smaller size.
/// SHA-256 being collision resistant, no honest append-only log produces such a pair.
public struct SplitViewEvidence: Codable, Hashable, Sendable {
    public static let formatName = "coop-split-view-evidence/1"

    public var format: String
    public var origin: String
    /// The ledger key text (`<origin>+<key id>+<base64>`) both checkpoints verify under.
    public var ledgerKey: String
    /// The checkpoint the replica held, and the one it was presented, as signed notes.
    public var held: String
    public var presented: String
    /// The consistency path (hex) from the smaller to the larger tree, first node included;
    /// empty when the sizes are equal.
    public var path: [String]

    enum CodingKeys: String, CodingKey {
        case format, origin, held, presented, path
        case ledgerKey = "ledger_key"
    }

    public init(origin: String, ledgerKey: String, held: String, presented: String, path: [SHA256Digest]) {
        self.format = Self.formatName
        self.origin = origin
        self.ledgerKey = ledgerKey
        self.held = held
        self.presented = presented
        self.path = path.map(\.hex)
    }

    /// What the evidence proves, once checked.
    public struct Finding: Sendable, CustomStringConvertible {
        public let smaller: Checkpoints.Opened
        public let larger: Checkpoints.Opened
        /// The root of the smaller size that the larger tree implies (the signed one differs).
        public let impliedRoot: SHA256Digest

        public var description: String {
            if smaller.size == larger.size {
                return "the ledger key signed two different roots for size \(smaller.size): \(smaller.root.hex) and \(larger.root.hex)"
            }
            return "the ledger key signed size \(smaller.size) with root \(smaller.root.hex), "
                + "but its checkpoint of size \(larger.size) holds a tree whose first \(smaller.size) entries have root \(impliedRoot.hex)"
        }
    }

    public enum Problem: Error, CustomStringConvertible {
        case malformed(String)
        case notAFork(String)

        public var description: String {
            switch self {
            case let .malformed(reason): return "the evidence file is not valid: \(reason)"
            case let .notAFork(reason): return "the evidence does not prove a fork: \(reason)"
            }
        }
    }

    /// Checks the evidence; the ledger key must be the one the caller trusts (`trustedKey`,
    /// when given: a replica's pinned key).
    public func check(trustedKey: String? = nil) throws -> Finding {
        guard format == Self.formatName else { throw Problem.malformed("format is '\(format)', not \(Self.formatName)") }
        if let trustedKey, trustedKey != ledgerKey {
            throw Problem.notAFork("it is signed by the key \(ledgerKey), not the ledger key \(trustedKey)")
        }
        let a: Checkpoints.Opened
        let b: Checkpoints.Opened
        do {
            a = try Checkpoints.open(held, keyText: ledgerKey, origin: origin)
            b = try Checkpoints.open(presented, keyText: ledgerKey, origin: origin)
        } catch {
            throw Problem.notAFork("a checkpoint does not verify under the ledger key: \(error)")
        }
        let (small, large) = a.size <= b.size ? (a, b) : (b, a)
        if small.size == large.size {
            guard small.root != large.root else { throw Problem.notAFork("both checkpoints have the same size and root") }
            guard path.isEmpty else { throw Problem.malformed("equal sizes need no path") }
            return Finding(smaller: small, larger: large, impliedRoot: large.root)
        }
        let nodes = try path.map { text -> SHA256Digest in
            guard let d = SHA256Digest(hex: text) else { throw Problem.malformed("a path node is not 64 hex digits") }
            return d
        }
        guard small.size > 0 else { throw Problem.notAFork("an empty tree is a prefix of every tree") }
        guard let roots = ConsistencyPath.impliedRoots(from: small.size, to: large.size, path: nodes) else {
            throw Problem.malformed("the path has the wrong length for sizes \(small.size) and \(large.size)")
        }
        guard roots.new == large.root else {
            throw Problem.notAFork("the path does not lead to the root of the size \(large.size) checkpoint")
        }
        guard roots.old != small.root else {
            throw Problem.notAFork("the size \(large.size) tree does extend the size \(small.size) tree")
        }
        return Finding(smaller: small, larger: large, impliedRoot: roots.old)
    }

    /// Reads an evidence file.
    public static func read(path: String) throws -> SplitViewEvidence {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem.malformed("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(SplitViewEvidence.self, from: data)
        } catch {
            throw Problem.malformed("\(path) is not evidence JSON (\(error))")
        }
    }

    /// The evidence as pretty, stable JSON.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
