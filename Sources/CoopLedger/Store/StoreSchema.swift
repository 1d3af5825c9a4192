import GRDB

/// The SQLite schema of a ledger file. Migrations are named and never edited once shipped.
///
/// Store version 3 holds entries of format 2 (ledger time in the leaf, countersignatures). It
/// differs from version 2 only in the order of the (author, seq) uniqueness index, which is
/// (seq, author): see the schema. No ledger of version 1 or 2 was ever in production use, so
/// such a file is refused rather than migrated.
enum StoreSchema {
    /// Written to `meta.format`; a file without it is not a coop ledger.
    static let format = "coop-ledger"
    /// The store version this code writes and reads.
    static let version = 3

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v3: entries with ledger time and signatures, tree nodes, checkpoints, snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    -- The ledger itself: the ledger time (seconds since 1970), the statement bytes and
                    -- the signatures (64 bytes each: the author's, then each countersigner's), verbatim.
                    -- author/seq/type/time repeat fields of the statement for queries; verification
                    -- reads only ledger_time, statement and signatures. An author's (seq) is unique;
                    -- the index leads with seq, not author, so that entries by many authors
                    -- appended together land near each other in it (their seqs grow together):
                    -- led by author, every entry touched another page and bulk appends of 10^6
                    -- entries by 1,000 authors ran at half the speed. Lookups give both columns.
                    CREATE TABLE entries (
                        idx INTEGER PRIMARY KEY NOT NULL,
                        ledger_time INTEGER NOT NULL,
                        statement BLOB NOT NULL,
                        signatures BLOB NOT NULL,
                        author TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        time TEXT NOT NULL,
                        UNIQUE (seq, author)
                    );
                    CREATE INDEX entries_by_type ON entries(type);
                    -- Perfect-subtree hashes of the Merkle tree, so proofs need O(log n) reads.
                    CREATE TABLE nodes (
                        level INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        PRIMARY KEY (level, idx)
                    ) WITHOUT ROWID;
                    CREATE TABLE checkpoints (
                        id INTEGER PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL,
                        note TEXT NOT NULL
                    );
                    -- Replayed state at some sizes (a cache: always re-derivable from entries).
                    CREATE TABLE snapshots (
                        size INTEGER PRIMARY KEY NOT NULL,
                        state BLOB NOT NULL
                    );
                    """)
            // Append-only, as defence in depth: signatures and checkpoints are the real guard.
            for table in ["meta", "entries", "nodes", "checkpoints", "snapshots"] {
                for op in ["UPDATE", "DELETE"] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table)
                            BEGIN SELECT RAISE(ABORT, 'coop ledgers are append-only: \(table) rows cannot be changed'); END;
                            """)
                }
            }
        }
        return migrator
    }
}
