#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension KeyFile {
    /// The permission bits a key file is created with: read and write for the owner only.
    static let fileMode: mode_t = 0o600

    /// Seals `key` and writes it to `path` atomically with mode 0600: the text goes to a
    /// temporary file made with mode 0600 in the same folder, is flushed with `fsync`, then
    /// takes its place by `link` (or `rename` when `overwrite`), and the folder is flushed.
    /// - Throws: `ioError` if `path` exists and `overwrite` is false (checked before the slow
    ///   key derivation and again, race-free, when the file is put in place), or on any I/O
    ///   failure; the errors of `seal`.
    public static func write(
        _ key: Ed25519.PrivateKey, name: String?, passphrase: SecretBytes, limits: KDFLimits = .interactive,
        to path: String, overwrite: Bool = false
    ) throws {
        if !overwrite, try exists(path) { throw alreadyExists(path) }
        let text = try seal(key, name: name, passphrase: passphrase, limits: limits)
        try writeAtomically(Array(text.utf8), to: path, overwrite: overwrite)
    }

    /// Reads and decrypts the key file at `path`.
    /// - Throws: `keyFileTooOpen` if group or others have any permission on the file
    ///   (`chmod 600` fixes it), `ioError` if it is missing or unreadable, and the errors of
    ///   `open(_:passphrase:)`.
    public static func read(path: String, passphrase: SecretBytes) throws -> Ed25519.PrivateKey {
        try open(readText(path: path, requirePrivate: true), passphrase: passphrase)
    }

    /// The public key named in the key file at `path`, without the passphrase. Permissions
    /// are not checked: the public key is no secret.
    public static func publicKey(path: String) throws -> Ed25519.PublicKey {
        try publicKey(of: readText(path: path, requirePrivate: false))
    }

    /// The public key named in the private key file at `path`, without the passphrase, with
    /// the permission check `read` makes (`keyFileTooOpen`): for signing through `coop agent`,
    /// which must refuse the same files unlocking would.
    public static func publicKey(ofPrivateFile path: String) throws -> Ed25519.PublicKey {
        try publicKey(of: readText(path: path, requirePrivate: true))
    }

    /// The `name:` line of the key file at `path` (nil when it has none), without the passphrase.
    public static func name(path: String) throws -> String? {
        try name(of: readText(path: path, requirePrivate: false))
    }

    static func readText(path: String, requirePrivate: Bool) throws -> String {
        let (fd, info) = try POSIXIO.openForReading(path)
        defer { close(fd) }
        let mode = info.st_mode & 0o7777
        if requirePrivate, mode & 0o077 != 0 {
            throw CryptoError.keyFileTooOpen(path: path, mode: POSIXIO.octal(mode))
        }
        var buffer = [UInt8](repeating: 0, count: maximumFileBytes + 1)
        let count = try buffer.withUnsafeMutableBytes { try POSIXIO.readAll(fd, into: $0, path: path) }
        guard count <= maximumFileBytes else {
            throw CryptoError.keyFileMalformed("it is larger than \(maximumFileBytes / 1024) KiB")
        }
        guard let text = String(validating: buffer[0..<count], as: UTF8.self) else {
            throw CryptoError.keyFileMalformed("it is not UTF-8 text")
        }
        return text
    }

    static func alreadyExists(_ path: String) -> CryptoError {
        .ioError(path: path, reason: "already exists; coop will not overwrite a key file")
    }

    static func exists(_ path: String) throws -> Bool {
        var info = stat()
        if lstat(path, &info) == 0 { return true }
        if errno == ENOENT { return false }
        throw POSIXIO.error(path)
    }

    /// Writes `bytes` to a fresh 0600 file next to `path`, syncs it and moves it into place.
    static func writeAtomically(_ bytes: [UInt8], to path: String, overwrite: Bool) throws {
        // Split at the last "/" by bytes, so no grapheme cluster can hide the separator.
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let name = slash.map { String(path[path.utf8.index(after: $0)...]) } ?? path
        let folder = slash.map { String(path[...$0]) } ?? "./"
        guard !name.isEmpty, name != ".", name != ".." else {
            throw CryptoError.ioError(path: path, reason: "not a file path")
        }
        let temp = folder + "." + name + ".tmp-" + Hex.encode(SecureRandom.bytes(count: 8))

        let fd = POSIXIO.openFile(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, fileMode)
        guard fd >= 0 else {
            throw CryptoError.ioError(path: path, reason: "cannot create a file in \(folder): \(POSIXIO.reason(errno))")
        }
        do {
            // fchmod because the umask may have taken bits away; 0600 is what we promise.
            guard fchmod(fd, fileMode) == 0 else { throw POSIXIO.error(temp) }
            try bytes.withUnsafeBytes { try POSIXIO.writeAll(fd, $0, path: temp) }
            guard fsync(fd) == 0 else { throw POSIXIO.error(temp) }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temp)
            throw POSIXIO.error(temp, code)
        }

        if overwrite {
            guard rename(temp, path) == 0 else {
                let code = errno
                unlink(temp)
                throw POSIXIO.error(path, code)
            }
        } else {
            // link() fails if `path` exists, so a file that appeared meanwhile is never replaced.
            if link(temp, path) == 0 {
                // The key is in place under its name; a leftover temporary name would be harmless
                // (encrypted, mode 0600), so a failure to remove it is not worth failing the write.
                unlink(temp)
            } else {
                let code = errno
                if code == EPERM || code == EOPNOTSUPP || code == ENOSYS {
                    // No hard links on this file system: check, then rename (a small race).
                    try moveUnlessExists(temp, to: path)
                } else {
                    unlink(temp)
                    throw code == EEXIST ? alreadyExists(path) : POSIXIO.error(path, code)
                }
            }
        }
        try syncFolder(folder)
    }

    private static func moveUnlessExists(_ temp: String, to path: String) throws {
        do {
            if try exists(path) { throw alreadyExists(path) }
            guard rename(temp, path) == 0 else { throw POSIXIO.error(path) }
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Flushes a folder so a new name in it survives a crash.
    private static func syncFolder(_ folder: String) throws {
        let fd = POSIXIO.openFile(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw POSIXIO.error(folder) }
        defer { close(fd) }
        // Some file systems cannot sync a folder (EINVAL); the file itself is already synced.
        if fsync(fd) != 0, errno != EINVAL { throw POSIXIO.error(folder) }
    }
}
