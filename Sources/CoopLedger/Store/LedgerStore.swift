import CoopCrypto
import CoopModel
import CoopTlog
import Foundation
import GRDB

/// One ledger file: SQLite in WAL mode with full fsync on commit, append-only tables.
///
/// The store knows rows, not rules: `Ledger` decides what may be appended, `Verifier` what holds.
public struct LedgerStore: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// How long a writer waits for another process's transaction before giving up with `busy`.
    public static let busyTimeout: TimeInterval = 10

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    private static func configuration(readOnly: Bool, busyTimeout: TimeInterval = busyTimeout) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        if !readOnly { config.journalMode = .wal }
        config.prepareDatabase { db in
            // FULL: a commit that returned is on disk, in WAL mode too.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    /// Creates a new, empty ledger file; refuses an existing path.
    public static func create(at path: String, ledgerID: LedgerID) throws -> LedgerStore {
        guard !FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerExists(path: path) }
        return try mapErrors(path: path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            try StoreSchema.migrator.migrate(queue)
            try queue.write { db in
                for (key, value) in [("format", StoreSchema.format), ("store_version", String(StoreSchema.version)),
                                     ("ledger_id", ledgerID.text)] {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            return LedgerStore(path: path, queue: queue)
        }
    }

    /// Opens an existing ledger file after checking it is one (a foreign file is never written).
    /// `busyTimeout` is how long a write waits for another writer's lock (tests shorten it).
    public static func open(at path: String, readOnly: Bool = false,
                            busyTimeout: TimeInterval = busyTimeout) throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerNotFound(path: path) }
        try mapErrors(path: path) {
            let probe = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
            defer { try? probe.close() }
            let meta: [String: String]
            do {
                meta = try probe.read { db -> [String: String] in
                    guard try db.tableExists("meta") else { return [:] }
                    return Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
                        .map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw LedgerError.notALedger(path: path, reason: "it is not an SQLite database")
            }
            guard meta["format"] == StoreSchema.format else {
                throw LedgerError.notALedger(path: path, reason: "it has no coop ledger header")
            }
            let version = Int(meta["store_version"] ?? "") ?? 0
            guard version >= 1, version <= StoreSchema.version else {
                throw LedgerError.unsupportedStoreVersion(found: version, supported: StoreSchema.version)
            }
        }
        let readOnlyFile = !FileManager.default.isWritableFile(atPath: path)
        return try mapErrors(path: path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly || readOnlyFile, busyTimeout: busyTimeout))
            return LedgerStore(path: path, queue: queue)
        }
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock is taken first, so two writers
    /// never deadlock upgrading a read lock), mapping SQLite failures to `LedgerError`.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw LedgerError.storage("transaction returned nothing") }
                return result
            }
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot of the file).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) { try queue.read(body) }
    }

    /// Turns SQLite's codes into errors that tell a person what happened.
    static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw LedgerError.busy(path: path)
            case .SQLITE_FULL: throw LedgerError.diskFull(path: path)
            case .SQLITE_READONLY, .SQLITE_PERM:
                throw LedgerError.readOnly(path: path)
            case .SQLITE_CANTOPEN where !FileManager.default.isWritableFile(atPath: path):
                throw LedgerError.readOnly(path: path)
            case .SQLITE_NOTADB: throw LedgerError.notALedger(path: path, reason: "it is not an SQLite database")
            case .SQLITE_CORRUPT: throw LedgerError.notALedger(path: path, reason: "the SQLite file is corrupt")
            case .SQLITE_IOERR:
                // An I/O error while writing is most often a full disk; say both.
                throw LedgerError.storage("I/O error on \(path) (disk full or failing?): \(error.message ?? "")")
            default:
                throw LedgerError.storage("\(error.message ?? "\(error)") (\(path))")
            }
        }
    }
}
