/// A key file's text taken apart (format: see `KeyFile`). Parsing is strict: one spelling per
/// file, so the header bytes that were authenticated are the ones a reader sees.
struct KeyFileText {
    var name: String?
    var publicKey: Ed25519.PublicKey
    var limits: KeyFile.KDFLimits
    var salt: [UInt8]
    var nonce: [UInt8]
    /// The exact bytes before the `ciphertext:` line: the AEAD associated data.
    var header: [UInt8]
    var ciphertext: [UInt8]

    /// The header lines (everything before `ciphertext:`), each ending in LF.
    static func header(
        name: String?, publicKey: Ed25519.PublicKey, limits: KeyFile.KDFLimits, salt: [UInt8], nonce: [UInt8]
    ) -> String {
        var text = KeyFile.formatLine + "\n"
        if let name { text += "name: \(name)\n" }
        text += "public: \(publicKey.text)\n"
        text += "kdf: argon2id13 ops=\(limits.opsLimit) mem=\(limits.memoryLimit)\n"
        text += "salt: \(Base64.encode(salt))\n"
        text += "nonce: \(Base64.encode(nonce))\n"
        return text
    }

    init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count <= KeyFile.maximumFileBytes else {
            throw Self.malformed("it is larger than \(KeyFile.maximumFileBytes / 1024) KiB")
        }
        guard !bytes.contains(0x0D) else {
            throw Self.malformed("it has a carriage return (CR); key files use LF line ends only")
        }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final LF is optional
        var reader = LineReader(lines: lines)

        let first = try reader.next(expecting: KeyFile.formatLine)
        guard first.elementsEqual(KeyFile.formatLine.utf8) else {
            if first.starts(with: "coop-private-key-".utf8) {
                throw Self.malformed(
                    "unsupported format '\(String(decoding: first.prefix(40), as: UTF8.self))'; "
                        + "this coop reads \(KeyFile.formatLine)")
            }
            throw Self.malformed("the first line must be '\(KeyFile.formatLine)'")
        }

        if let value = reader.optionalValue(label: "name: ") {
            let name = String(decoding: value, as: UTF8.self)
            guard KeyFile.isValidName(name) else {
                throw Self.malformed("line \(reader.lineNumber): \(CryptoError.invalidKeyName)")
            }
            self.name = name
        } else {
            self.name = nil
        }

        let publicText = try reader.value(label: "public: ", what: "ed25519:<base64>")
        guard let publicKey = try? Ed25519.PublicKey(text: String(decoding: publicText, as: UTF8.self)) else {
            throw Self.malformed("line \(reader.lineNumber): the public key must be 'ed25519:' and 44 base64 characters")
        }
        self.publicKey = publicKey

        let kdf = try reader.value(label: "kdf: ", what: "argon2id13 ops=<n> mem=<n>")
        self.limits = try Self.parseLimits(kdf, line: reader.lineNumber)

        self.salt = try reader.base64(label: "salt: ", count: KeyFile.saltBytes)
        self.nonce = try reader.base64(label: "nonce: ", count: KeyFile.nonceBytes)
        let ciphertextStart = reader.nextLineStart
        self.ciphertext = try reader.base64(label: "ciphertext: ", count: KeyFile.ciphertextBytes)
        guard reader.atEnd else {
            throw Self.malformed("line \(reader.lineNumber + 1): nothing may follow the ciphertext line")
        }
        self.header = Array(bytes[0..<ciphertextStart])
    }

    static func malformed(_ reason: String) -> CryptoError { .keyFileMalformed(reason) }

    /// Parses `argon2id13 ops=<n> mem=<n>` and checks the limits are accepted.
    private static func parseLimits(_ value: ArraySlice<UInt8>, line: Int) throws -> KeyFile.KDFLimits {
        let parts = value.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual("argon2id13".utf8),
            let ops = decimal(parts[1], prefix: "ops="), let mem = decimal(parts[2], prefix: "mem=")
        else { throw malformed("line \(line): expected 'kdf: argon2id13 ops=<n> mem=<n>'") }
        let limits = KeyFile.KDFLimits(opsLimit: ops, memoryLimit: mem)
        try limits.check()
        return limits
    }

    /// A canonical decimal UInt64 after `prefix` (no sign, no leading zeros).
    private static func decimal(_ field: ArraySlice<UInt8>, prefix: String) -> UInt64? {
        guard field.starts(with: prefix.utf8) else { return nil }
        let digits = field.dropFirst(prefix.utf8.count)
        guard (1...20).contains(digits.count),
            digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits.count == 1 || digits.first != 0x30
        else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self))
    }
}

/// Walks the lines of a key file in order, with 1-based line numbers for messages.
private struct LineReader {
    let lines: [ArraySlice<UInt8>]
    private var index = 0

    init(lines: [ArraySlice<UInt8>]) { self.lines = lines }

    /// The number of the line last read.
    var lineNumber: Int { index }
    var atEnd: Bool { index == lines.count }
    /// The byte offset where the next line starts.
    var nextLineStart: Int { index < lines.count ? lines[index].startIndex : (lines.last?.endIndex ?? 0) }

    mutating func next(expecting what: String) throws -> ArraySlice<UInt8> {
        guard index < lines.count else {
            throw KeyFileText.malformed("it ends before line \(index + 1) ('\(what)')")
        }
        let line = lines[index]
        index += 1
        guard !line.isEmpty else { throw KeyFileText.malformed("line \(index) is blank") }
        return line
    }

    /// The value after `label` if the next line has that label; otherwise reads nothing.
    mutating func optionalValue(label: String) -> ArraySlice<UInt8>? {
        guard index < lines.count, lines[index].starts(with: label.utf8) else { return nil }
        index += 1
        return lines[index - 1].dropFirst(label.utf8.count)
    }

    mutating func value(label: String, what: String) throws -> ArraySlice<UInt8> {
        let line = try next(expecting: label + what)
        guard line.starts(with: label.utf8) else {
            throw KeyFileText.malformed("line \(index): expected '\(label)\(what)'")
        }
        return line.dropFirst(label.utf8.count)
    }

    mutating func base64(label: String, count: Int) throws -> [UInt8] {
        let text = try value(label: label, what: "<base64 of \(count) bytes>")
        guard let raw = Base64.decode(String(decoding: text, as: UTF8.self)), raw.count == count else {
            throw KeyFileText.malformed("line \(index): '\(label)' needs canonical base64 of \(count) bytes")
        }
        return raw
    }
}
