import CoopCanonicalJSON
import CoopCrypto
import CoopLedger
import Testing

/// One hostile value put where a note's `text` goes in an otherwise valid, correctly signed
/// statement, and the exact error the canonical JSON decoder must give for the whole statement.
struct HostileCase: CustomStringConvertible, Sendable {
    let name: String
    let fragment: [UInt8]
    /// The expected error, given the fragment's offset in the statement and the statement's size.
    let expected: @Sendable (_ base: Int, _ total: Int) -> CanonicalJSONError
    var description: String { name }

    static let limit = CanonicalJSONOptions.default.maxInputSize

    static let all: [HostileCase] = [
        HostileCase(name: "2 MiB string", fragment: Array(("\"" + String(repeating: "a", count: 2 << 20) + "\"").utf8)) {
            .tooLarge(size: $1, limit: limit)
        },
        HostileCase(
            name: "10^6-element array",
            fragment: Array(("[" + String(repeating: "0,", count: 999_999) + "0]").utf8)
        ) {
            .tooLarge(size: $1, limit: limit)
        },
        // The statement object and the body are 2 levels; the 63rd '[' is the 65th level.
        HostileCase(name: "10^5 nested arrays", fragment: [UInt8](repeating: UInt8(ascii: "["), count: 100_000)) {
            base, _ in .tooDeep(offset: base + 62, limit: 64)
        },
        HostileCase(name: "overlong UTF-8", fragment: [0x22, 0xC0, 0xAF, 0x22]) { base, _ in .invalidUTF8(offset: base + 1) },
        HostileCase(name: "UTF-8 encoded surrogate", fragment: [0x22, 0xED, 0xA0, 0x80, 0x22]) {
            base, _ in .invalidUTF8(offset: base + 1)
        },
        HostileCase(name: "stray continuation byte", fragment: [0x22, 0x61, 0x80, 0x22]) {
            base, _ in .invalidUTF8(offset: base + 2)
        },
        HostileCase(name: "non-NFC string", fragment: Array("\"e\u{0301}\"".utf8)) { base, _ in .notNFC(offset: base) },
        HostileCase(name: "2^53", fragment: Array("9007199254740992".utf8)) { base, _ in .integerOutOfRange(offset: base) },
        HostileCase(name: "10^400", fragment: Array(("1" + String(repeating: "0", count: 400)).utf8)) {
            base, _ in .integerOutOfRange(offset: base)
        },
        HostileCase(name: "-(10^400)", fragment: Array(("-1" + String(repeating: "0", count: 400)).utf8)) {
            base, _ in .integerOutOfRange(offset: base)
        },
        HostileCase(name: "-0", fragment: Array("-0".utf8)) { base, _ in .negativeZero(offset: base) },
        HostileCase(name: "1e5", fragment: Array("1e5".utf8)) { base, _ in .floatNotAllowed(offset: base) },
        HostileCase(name: "1.0", fragment: Array("1.0".utf8)) { base, _ in .floatNotAllowed(offset: base) },
        HostileCase(name: "leading zero", fragment: Array("007".utf8)) { base, _ in .leadingZero(offset: base) },
        HostileCase(name: "duplicate key", fragment: Array("\"a\",\"text\":\"b\"".utf8)) {
            base, _ in .duplicateKey("text", offset: base + 4)
        },
        HostileCase(name: "raw NUL in a string", fragment: [0x22, 0x61, 0x00, 0x62, 0x22]) {
            base, _ in .unexpectedByte(offset: base + 2, found: 0, expected: "a string character (control characters must be escaped)")
        },
        HostileCase(name: "NUL outside a string", fragment: [0x00]) {
            base, _ in .unexpectedByte(offset: base, found: 0, expected: "a JSON value")
        },
        HostileCase(name: "needless escape", fragment: Array("\"\\u0041\"".utf8)) { base, _ in .notCanonical(offset: base + 1) },
        HostileCase(name: "lone surrogate escape", fragment: Array("\"\\ud800\"".utf8)) { base, _ in .loneSurrogate(offset: base + 1) },
        HostileCase(name: "string over 64 KiB", fragment: Array(("\"" + String(repeating: "b", count: (1 << 16) + 1) + "\"").utf8)) {
            base, _ in .stringTooLong(offset: base, limit: 1 << 16)
        },
    ]
}

@Suite("Hostile input: canonical JSON and the entry path")
struct HostileInputTests {
    @Test("the decoder throws the exact error", arguments: HostileCase.all)
    func decoderError(_ c: HostileCase) throws {
        let coop = try HostileLedger()
        let (prefix, suffix) = try coop.noteTemplate()
        let bytes = prefix + c.fragment + suffix
        let expected = c.expected(prefix.count, bytes.count)
        #expect(throws: expected) { try CanonicalJSON.decodeCanonical(bytes) }
        if case .notCanonical = expected {
            _ = try CanonicalJSON.decode(bytes)  // valid JSON, only not in canonical form
        } else {
            #expect(throws: expected) { try CanonicalJSON.decode(bytes) }
        }
    }

    @Test("an entry line with the value is rejected as malformed, naming the JSON error", arguments: HostileCase.all)
    func entryLineError(_ c: HostileCase) throws {
        let coop = try HostileLedger()
        let (prefix, suffix) = try coop.noteTemplate()
        let bytes = prefix + c.fragment + suffix
        let cause = c.expected(prefix.count, bytes.count)
        let line = coop.signedByFounder(bytes).lineBytes
        let error = LedgerError.malformedEntry(index: nil, reason: "statement bytes are not canonical JSON: \(cause)")
        #expect(throws: error) { try SignedEntry(lineBytes: line).verifiedStatement() }
        #expect(error.description.hasPrefix("malformed entry: statement bytes are not canonical JSON: "))
    }

    @Test("Ledger.submit refuses it and writes nothing", arguments: HostileCase.all)
    func submitRefused(_ c: HostileCase) throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let (prefix, suffix) = try coop.noteTemplate()
        let bytes = prefix + c.fragment + suffix
        let cause = c.expected(prefix.count, bytes.count)
        #expect(throws: LedgerError.malformedEntry(index: size, reason: "statement bytes are not canonical JSON: \(cause)")) {
            try coop.ledger.submit(coop.signedByFounder(bytes))
        }
        try expectUnchanged(coop, size: size)
    }

    @Test("the untouched template is accepted (the cases above fail for their value alone)")
    func templateIsValid() throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let (prefix, suffix) = try coop.noteTemplate()
        let entry = coop.signedByFounder(prefix + Array("\"fine\"".utf8) + suffix)
        _ = try SignedEntry(lineBytes: entry.lineBytes).verifiedStatement()
        try coop.ledger.submit(entry)
        #expect(try coop.ledger.store.size() == size + 1)
        #expect(try coop.verify().ok)
    }

    @Test("a byte order mark before the statement")
    func byteOrderMark() throws {
        try refuseWhole(transform: { [0xEF, 0xBB, 0xBF] + $0 }, cause: { _ in .byteOrderMark })
    }

    @Test("a statement cut before its closing brace")
    func truncatedObject() throws {
        try refuseWhole(
            transform: { Array($0.dropLast(1)) },
            cause: { bytes in
                .unexpectedEnd(offset: bytes.count, expected: "',' or '}'")
            })
    }

    @Test("a statement cut inside a string (…\"type\":\"no)")
    func truncatedString() throws {
        try refuseWhole(
            transform: { Array($0.dropLast(10)) },
            cause: { bytes in
                .unexpectedEnd(offset: bytes.count, expected: "'\"' to close the string that starts at offset \(bytes.count - 3)")
            })
    }

    @Test("a statement with an extra top-level field, correctly signed")
    func extraTopLevelField() throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let good = try coop.ledger.prepare(type: .note, body: .object(["text": .string("hi")]), author: coop.m1, key: coop.founder)
        guard case var .object(fields) = try CanonicalJSON.decodeCanonical(good.statementBytes) else {
            Issue.record("the statement is not an object")
            return
        }
        fields["extra"] = .string("smuggled")
        let entry = coop.signedByFounder(try CanonicalJSON.encode(.object(fields)))
        let reason = "unknown field \"extra\""
        #expect(throws: LedgerError.malformedEntry(index: nil, reason: reason)) { try SignedEntry(lineBytes: entry.lineBytes).verifiedStatement() }
        #expect(throws: LedgerError.malformedEntry(index: size, reason: reason)) { try coop.ledger.submit(entry) }
        try expectUnchanged(coop, size: size)
    }

    @Test("a signature of the wrong length", arguments: [0, 32, 63, 65, 128])
    func wrongSignatureLength(_ count: Int) throws {
        let coop = try HostileLedger()
        let good = try coop.ledger.prepare(type: .note, body: .object(["text": .string("hi")]), author: coop.m1, key: coop.founder)
        let line = Array(Base64.encode([UInt8](repeating: 7, count: count)).utf8) + [0x20] + good.statementBytes
        let error = LedgerError.malformedEntry(index: nil, reason: "the signature is not 64 bytes of base64")
        #expect(throws: error) { try SignedEntry(lineBytes: line) }
    }

    @Test("lines that are not '<signature> <statement>'", arguments: ["", "no-space-here", " {}", "\u{0}", "====== {}"])
    func malformedLines(_ text: String) throws {
        #expect(throws: LedgerError.self) { try SignedEntry(lineBytes: Array(text.utf8)).verifiedStatement() }
    }

    @Test("a valid statement signed by someone else is a bad signature, not a crash")
    func wrongSigner() throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let good = try coop.ledger.prepare(type: .note, body: .object(["text": .string("hi")]), author: coop.m1, key: coop.founder)
        let other = try Hostile.key(99)
        let forged = SignedEntry(
            statementBytes: good.statementBytes,
            signature: other.signature(for: SignedEntry.signingMessage(good.statementBytes)))
        #expect(throws: LedgerError.badSignature(index: size, author: "m1")) { try coop.ledger.submit(forged) }
        try expectUnchanged(coop, size: size)
    }

    /// Applies `transform` to a valid signed note statement, re-signs, and expects the entry
    /// path and `submit` to refuse it with `cause`.
    private func refuseWhole(transform: ([UInt8]) -> [UInt8], cause: ([UInt8]) -> CanonicalJSONError) throws {
        let coop = try HostileLedger()
        let size = try coop.ledger.store.size()
        let good = try coop.ledger.prepare(type: .note, body: .object(["text": .string("hi")]), author: coop.m1, key: coop.founder)
        let bytes = transform(good.statementBytes)
        let why = cause(bytes)
        #expect(throws: why) { try CanonicalJSON.decodeCanonical(bytes) }
        let entry = coop.signedByFounder(bytes)
        let reason = "statement bytes are not canonical JSON: \(why)"
        #expect(throws: LedgerError.malformedEntry(index: nil, reason: reason)) { try SignedEntry(lineBytes: entry.lineBytes).verifiedStatement() }
        #expect(throws: LedgerError.malformedEntry(index: size, reason: reason)) { try coop.ledger.submit(entry) }
        try expectUnchanged(coop, size: size)
    }
}

/// Nothing was written: the size is the same and the file still verifies.
func expectUnchanged(_ coop: HostileLedger, size: UInt64) throws {
    #expect(try coop.ledger.store.size() == size)
    let report = try coop.verify()
    #expect(report.ok, "\(report.problems)")
    #expect(report.size == size)
}
