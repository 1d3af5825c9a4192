import CoopCrypto
import CoopModel
import CoopTlog
import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The connection to a ledger file: WAL mode when writable, and `synchronous = FULL`, so a
    /// commit that returned is on disk in WAL mode too. GRDB sets `synchronous = NORMAL` when it
    /// turns WAL mode on, after the connection is prepared (a commit could then be lost to a
    /// power cut, though not to a killed process): FULL is set once the queue is open.
    private static func queue(at location: String, readOnly: Bool, busyTimeout: TimeInterval = busyTimeout) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        if !readOnly { config.journalMode = .wal }
        let queue = try DatabaseQueue(path: location, configuration: config)
        if !readOnly { try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") } }
        return queue
    }

    /// Creates a new, empty ledger file; refuses an existing path.
    public static func create(at path: String, ledgerID: LedgerID) throws -> LedgerStore {
        guard !FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerExists(path: path) }
        return try mapErrors(path: path) {
            let queue = try queue(at: path, readOnly: false)
            try StoreSchema.migrator.migrate(queue)
            try queue.write { db in
                for (key, value) in [
                    ("format", StoreSchema.format), ("store_version", String(StoreSchema.version)),
                    ("ledger_id", ledgerID.text),
                ] {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            return LedgerStore(path: path, queue: queue)
        }
    }

    /// Opens an existing ledger file after checking it is one (a foreign file is never written).
    /// `busyTimeout` is how long a write waits for another writer's lock (tests shorten it).
    public static func open(
        at path: String, readOnly: Bool = false,
        busyTimeout: TimeInterval = busyTimeout
    ) throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerNotFound(path: path) }
        // SQLite would block forever on a FIFO, or read a device: only a regular file is a ledger.
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw LedgerError.notALedger(path: path, reason: "it is not a regular file (a folder, pipe or device)")
        }
        let location = try mapErrors(path: path) { try readableLocation(of: path) }
        // An immutable location means read-only media: it is never opened for writing.
        let writable = location == path && FileManager.default.isWritableFile(atPath: path)
        return try mapErrors(path: path) {
            LedgerStore(path: path, queue: try queue(at: location, readOnly: readOnly || !writable, busyTimeout: busyTimeout))
        }
    }

    /// What SQLite should open to read the ledger at `path`, once checked to be a ledger this coop
    /// reads: the path itself, or, where SQLite cannot create its WAL index, the file as immutable.
    private static func readableLocation(of path: String) throws -> String {
        do {
            try checkHeader(of: path, opening: path)
            return path
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            // SQLite reads a WAL-mode file through an index (`-shm`) it creates beside the file; on a
            // read-only disk, or in a folder this account cannot write, it cannot and refuses to read.
            // With no `-wal` holding entries the main file is the whole ledger, and SQLite may read it
            // as immutable (no index, no locks): an auditor verifies a ledger from read-only media.
            let wal = path + "-wal"
            let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            guard walSize == 0 else {
                throw LedgerError.storage(
                    "cannot read \(path) here: \(wal) holds entries not yet in the main file, and "
                        + "SQLite cannot create the index it needs to read them on this read-only disk or folder; "
                        + "copy the ledger together with \(wal) to writable storage and read the copy")
            }
            guard let uri = immutableURI(path) else { throw error }
            do { try checkHeader(of: path, opening: uri) } catch is DatabaseError { throw error }
            return uri
        }
    }

    /// Checks that the database SQLite opens at `location` has coop's header and a store version
    /// this coop reads (`path` names the ledger in errors).
    private static func checkHeader(of path: String, opening location: String) throws {
        let probe = try queue(at: location, readOnly: true)
        defer { try? probe.close() }
        let meta: [String: String]
        do {
            meta = try probe.read { db -> [String: String] in
                guard try db.tableExists("meta") else { return [:] }
                return Dictionary(
                    try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
                        .map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw LedgerError.notALedger(path: path, reason: "it is not an SQLite database")
        }
        guard meta["format"] == StoreSchema.format else {
            throw LedgerError.notALedger(path: path, reason: "it has no coop ledger header")
        }
        let version = Int(meta["store_version"] ?? "") ?? 0
        guard version == StoreSchema.version else {
            throw LedgerError.unsupportedStoreVersion(found: version, supported: StoreSchema.version)
        }
    }

    /// `path` as an SQLite URI that opens it immutable; nil if it cannot be written as one.
    private static func immutableURI(_ path: String) -> String? {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed).map { "file:\($0)?immutable=1" }
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
                throw LedgerError.readOnly(path: path, cause: .of(path))
            case .SQLITE_CANTOPEN:
                let cause = ReadOnlyCause.of(path)
                guard cause == .openedReadOnly else { throw LedgerError.readOnly(path: path, cause: cause) }
                throw LedgerError.storage("\(error.message ?? "\(error)") (\(path))")
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
