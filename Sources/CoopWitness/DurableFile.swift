import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files written so that a crash (SIGKILL, power loss) leaves either the old or the new
/// content, never a mix: write a temporary file, fsync it, rename it over the target, fsync the
/// folder.
enum DurableFile {
    /// Replaces (or creates) `path` with `bytes` durably.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(temp) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                posixWrite(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let error = failure(temp)
                close(fd)
                unlink(temp)
                throw error
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let error = failure(temp)
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = failure(path)
            unlink(temp)
            throw error
        }
        try syncFolder(folder)
    }

    /// Creates `bytes` at `path`, failing if it exists (evidence is never overwritten).
    static func create(_ bytes: [UInt8], at path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                posixWrite(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw failure(path) }
        try syncFolder((path as NSString).deletingLastPathComponent)
    }

    /// fsync of a folder, so a rename or a new name in it survives a crash.
    static func syncFolder(_ folder: String) throws {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(folder) }
    }

    /// Creates `folder` (and its parents) if missing.
    static func makeFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WitnessError.io(path: folder, reason: "\(error)")
        }
    }

    /// Takes an exclusive advisory lock on `path` for the life of the process (never closed).
    static func lockForever(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw WitnessError.stateInUse(path: path)
        }
    }

    private static func failure(_ path: String) -> WitnessError {
        WitnessError.io(path: path, reason: String(cString: strerror(errno)))
    }
}

/// `open(2)`.
func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    #if canImport(Glibc)
        return Glibc.open(path, flags, mode)
    #else
        return Darwin.open(path, flags, mode)
    #endif
}

/// `write(2)`.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
    #else
        return Darwin.write(fd, buffer, count)
    #endif
}

/// `fdatasync(2)` (the data and the size; `fsync` where there is no `fdatasync`).
func posixDataSync(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
        return fdatasync(fd)
    #else
        return fsync(fd)
    #endif
}
