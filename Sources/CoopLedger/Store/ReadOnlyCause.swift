import Foundation

/// Why a ledger could not be written, so the refusal tells a person what to change.
public enum ReadOnlyCause: Equatable, Sendable {
    /// The disk (file system) holding the ledger is mounted read-only (EROFS).
    case readOnlyDisk
    /// The ledger file's permissions do not let this account write it.
    case fileNotWritable
    /// The folder holding the ledger is not writable, and SQLite must create files there to
    /// write (the ledger itself, its `-wal` and `-shm`).
    case folderNotWritable
    /// The ledger was opened for reading only.
    case openedReadOnly

    /// The cause for `path` as this process sees it now: the disk, then the file, then its
    /// folder; when all allow writing, the connection was opened for reading only.
    public static func of(_ path: String) -> ReadOnlyCause {
        let fileError = access(path, W_OK) == 0 ? 0 : errno
        if fileError == EROFS { return .readOnlyDisk }
        // A file not created yet (ENOENT) is its folder's business.
        if fileError != 0 && fileError != ENOENT { return .fileNotWritable }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let folderError = access(folder, W_OK) == 0 ? 0 : errno
        if folderError == EROFS { return .readOnlyDisk }
        return folderError == 0 ? .openedReadOnly : .folderNotWritable
    }

    /// The whole message for a refused write to the ledger at `path`.
    func message(path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        switch self {
        case .readOnlyDisk:
            return "the ledger \(path) is on a read-only disk (read-only file system); nothing was written: "
                + "remount that disk read-write (or move the ledger to writable storage), then try again"
        case .fileNotWritable:
            return "the ledger file \(path) is read-only for this account; nothing was written: "
                + "ask whoever keeps the ledger to make it writable for you (for example 'chmod u+w \(path)'), then try again"
        case .folderNotWritable:
            return "the folder \(folder) holding the ledger \(path) is read-only for this account, and coop must create "
                + "files there to write (the ledger's -wal and -shm); nothing was written: make the folder writable for you, then try again"
        case .openedReadOnly:
            return "the ledger \(path) was opened for reading only; nothing was written"
        }
    }
}
