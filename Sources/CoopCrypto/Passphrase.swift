import CSodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where coop gets key-file passphrases from. Every source hands back `SecretBytes`; no
/// passphrase passes through a Swift `String`, and none ever appears in an error message.
public enum Passphrase {
    /// The environment variable coop reads a passphrase from.
    public static let environmentVariable = "COOP_PASSPHRASE"
    /// The longest passphrase accepted from a file or a terminal, in bytes.
    public static let maximumBytes = 4096
    /// The fewest characters (Unicode scalars) a passphrase protecting a new key may have.
    public static let minimumNewCharacters = 12

    /// Throws `passphraseTooShort` unless `passphrase` has at least `minimumNewCharacters`
    /// characters: checked when a key file is created, never when one is opened.
    public static func requireStrongEnough(_ passphrase: SecretBytes) throws {
        // UTF-8: count the bytes that start a character (not continuation bytes 10xxxxxx).
        let characters = passphrase.withUnsafeBytes { bytes in bytes.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } }
        guard characters >= minimumNewCharacters else { throw CryptoError.passphraseTooShort(minimum: minimumNewCharacters) }
    }

    /// The value of environment variable `name`, or nil when it is not set. An empty value
    /// is returned as empty bytes, which `KeyFile` refuses with `emptyPassphrase`.
    public static func fromEnvironment(_ name: String) -> SecretBytes? {
        guard let value = getenv(name) else { return nil }
        let length = strlen(value)
        return SecretBytes(count: length) { out in
            out.copyMemory(from: UnsafeRawBufferPointer(start: value, count: length))
        }
    }

    /// The contents of the file at `path` less one trailing "\n" or "\r\n" (as `echo` or an
    /// editor leaves it). Pipes work too, for `--passphrase-file <(command)`.
    /// - Throws: `ioError` if the file is missing, unreadable or longer than `maximumBytes`.
    public static func fromFile(path: String) throws -> SecretBytes {
        let (fd, info) = try POSIXIO.openForReading(path)
        defer { close(fd) }
        // A regular file holding a passphrase must be private, like a key file (a pipe is not
        // a file anyone else can open later).
        let mode = info.st_mode & 0o7777
        if info.st_mode & POSIXIO.fileTypeMask == POSIXIO.regularFileType, mode & 0o077 != 0 {
            throw CryptoError.passphraseFileTooOpen(path: path, mode: POSIXIO.octal(mode))
        }
        // One byte more than allowed, to tell a full buffer from a too-long file.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maximumBytes + 1, alignment: 1)
        defer {
            sodium_memzero(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
        let count = try POSIXIO.readAll(fd, into: buffer, path: path)
        guard count <= maximumBytes else {
            throw CryptoError.ioError(path: path, reason: "longer than \(maximumBytes) bytes; a passphrase file holds only the passphrase")
        }
        let length = strippingOneLineEnd(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return SecretBytes(count: length) { out in
            out.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
        }
    }

    /// Asks for a passphrase on the controlling terminal (`/dev/tty`) with echo off, like
    /// `readpassphrase(3)`: the prompt and the newline after the answer go to the terminal,
    /// and the terminal's settings are restored afterwards, also on Ctrl-C (the signal is then
    /// delivered as usual once the terminal is back to normal).
    /// - Throws: `noTerminal` when there is no terminal (the message says to set
    ///   `COOP_PASSPHRASE` or use `--passphrase-file`), `passphraseCancelled` if interrupted.
    public static func fromTerminal(prompt: String) throws -> SecretBytes {
        try TerminalPrompt.read(prompt: prompt, terminalPath: "/dev/tty")
    }

    /// The length of `bytes` without one final "\n" or "\r\n".
    static func strippingOneLineEnd(_ bytes: UnsafeRawBufferPointer) -> Int {
        var length = bytes.count
        if length > 0, bytes[length - 1] == 0x0A {
            length -= 1
            if length > 0, bytes[length - 1] == 0x0D { length -= 1 }
        }
        return length
    }
}
