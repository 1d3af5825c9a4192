import Foundation
import Testing

@testable import CoopCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// No passphrase or seed may reach an error message, a description or a dump.
@Suite("Secrets stay out of text")
struct SecretLeakTests {
    static let passphrase = "Tr0ub4dor&3 leak-check"

    /// The ways a secret could be spelled in text.
    static func spellings(of bytes: [UInt8]) -> [String] {
        [
            Hex.encode(bytes), Base64.encode(bytes), String(decoding: bytes, as: UTF8.self),
            Hex.encode(bytes.prefix(8)), bytes.map(String.init).joined(separator: ", "),
        ]
    }

    static func texts(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var all = [String(describing: value), String(reflecting: value), dumped]
        if let error = value as? any Error { all.append(error.localizedDescription) }
        return all
    }

    @Test func errorsKeysAndFilesNeverShowSecrets() throws {
        let key = Ed25519.PrivateKey()
        let seed = key.withSeed { Array($0) }
        let forbidden = Self.spellings(of: Array(Self.passphrase.utf8)) + Self.spellings(of: seed)
        let pass = secret(Self.passphrase)
        let text = try KeyFile.seal(key, name: "leaky", passphrase: pass, limits: fastLimits)

        var errors: [any Error] = []
        func collect(_ body: () throws -> Void) {
            do { try body() } catch { errors.append(error) }
        }
        collect { _ = try KeyFile.open(text, passphrase: secret(Self.passphrase + "x")) }
        collect { _ = try KeyFile.open(text, passphrase: secret("")) }
        collect { _ = try KeyFile.open(text.replacingOccurrences(of: "ops=1", with: "ops=99"), passphrase: pass) }
        collect { _ = try KeyFile.open(String(text.dropLast(20)), passphrase: pass) }
        collect { _ = try KeyFile.open(Self.passphrase, passphrase: pass) }
        collect { _ = try KeyFile.seal(key, name: "bad\nname", passphrase: pass, limits: fastLimits) }
        collect {
            let liar = try KeyFile.seal(
                key, name: nil, passphrase: pass, limits: fastLimits,
                claimedPublicKey: Ed25519.PrivateKey().publicKey)
            _ = try KeyFile.open(liar, passphrase: pass)
        }
        try withTemporaryFolder { folder in
            let path = folder + "/k"
            try KeyFile.write(key, name: nil, passphrase: pass, limits: fastLimits, to: path)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            for secretText in forbidden { #expect(!written.contains(secretText)) }
            collect { try KeyFile.write(key, name: nil, passphrase: pass, limits: fastLimits, to: path) }
            _ = chmod(path, 0o644)
            collect { _ = try KeyFile.read(path: path, passphrase: pass) }
            collect { _ = try KeyFile.read(path: folder + "/missing", passphrase: pass) }
            let long = folder + "/long-passphrase"
            try #require(
                FileManager.default.createFile(
                    atPath: long, contents: Data(String(repeating: Self.passphrase, count: 300).utf8)))
            collect { _ = try Passphrase.fromFile(path: long) }
        }
        collect { _ = try TerminalPrompt.read(prompt: Self.passphrase, terminalPath: "/nonexistent") }
        #expect(errors.count == 12)

        let everyCase: [CryptoError] = [
            .invalidKeyLength(expected: 32, actual: 1), .invalidSignatureLength(actual: 1),
            .invalidKeyText("x"), .invalidPublicKeyPoint("x"), .invalidSignatureText("x"), .badSignature, .randomnessUnavailable,
            .keyFileMalformed("x"), .keyFileTooOpen(path: "p", mode: "0644"), .wrongPassphrase,
            .emptyPassphrase, .keyDerivationFailed, .encryptionFailed, .ioError(path: "p", reason: "r"),
            .keyFilePublicKeyMismatch, .kdfLimitsOutOfRange(opsLimit: 1, memoryLimit: 1), .invalidKeyName,
            .noTerminal, .passphraseCancelled,
        ]
        for value in errors + everyCase.map({ $0 as any Error }) + [key, pass] as [Any] {
            for shown in Self.texts(of: value) {
                for secretText in forbidden {
                    #expect(!shown.contains(secretText), "\(type(of: value)) shows a secret: \(shown)")
                }
            }
        }
        for secretText in forbidden { #expect(!text.contains(secretText)) }
        #expect(String(describing: key) == "Ed25519.PrivateKey(public: \(key.publicKey.text))")
    }
}
