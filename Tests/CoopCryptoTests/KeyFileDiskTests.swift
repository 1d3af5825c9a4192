import CoopCrypto
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Key files on disk")
struct KeyFileDiskTests {
    let passphrase = "on-disk passphrase"

    func mode(of path: String) throws -> mode_t {
        var info = stat()
        try #require(stat(path, &info) == 0)
        return info.st_mode & 0o7777
    }

    @Test func writeThenReadRoundTrips() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/author.key"
            let key = Ed25519.PrivateKey()
            try KeyFile.write(key, name: "author", passphrase: secret(passphrase), limits: fastLimits, to: path)
            #expect(try mode(of: path) == 0o600)
            #expect(try KeyFile.read(path: path, passphrase: secret(passphrase)).publicKey == key.publicKey)
            #expect(try KeyFile.publicKey(path: path) == key.publicKey)
            // Only the key file is left: the temporary file was renamed or removed.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["author.key"])
        }
    }

    @Test func modeIs0600WhateverTheUmask() throws {
        try withTemporaryFolder { folder in
            let old = umask(0o000)
            defer { umask(old) }
            let path = folder + "/k"
            try KeyFile.write(Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path)
            #expect(try mode(of: path) == 0o600)
        }
    }

    @Test func existingFilesAreKeptUnlessOverwriteIsAsked() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/k"
            let first = Ed25519.PrivateKey()
            let second = Ed25519.PrivateKey()
            try KeyFile.write(first, name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path)
            let error = #expect(throws: CryptoError.self) {
                try KeyFile.write(second, name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path)
            }
            #expect(String(describing: error).contains("already exists"))
            #expect(try KeyFile.read(path: path, passphrase: secret(passphrase)).publicKey == first.publicKey)

            try KeyFile.write(second, name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path, overwrite: true)
            #expect(try KeyFile.read(path: path, passphrase: secret(passphrase)).publicKey == second.publicKey)
            #expect(try mode(of: path) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["k"])
        }
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o700 | 0o010, 0o601])
    func filesOthersCanReachAreRefused(_ permissions: Int) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/k"
            try KeyFile.write(Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path)
            try #require(chmod(path, mode_t(permissions)) == 0)
            let expectedMode = String(repeating: "0", count: 4 - String(permissions, radix: 8).count) + String(permissions, radix: 8)
            #expect(throws: CryptoError.keyFileTooOpen(path: path, mode: expectedMode)) {
                try KeyFile.read(path: path, passphrase: secret(passphrase))
            }
            #expect(CryptoError.keyFileTooOpen(path: path, mode: expectedMode).description.contains("chmod 600"))
        }
    }

    @Test(arguments: [0o600, 0o400])
    func ownerOnlyFilesAreAccepted(_ permissions: Int) throws {
        try withTemporaryFolder { folder in
            let path = folder + "/k"
            let key = Ed25519.PrivateKey()
            try KeyFile.write(key, name: nil, passphrase: secret(passphrase), limits: fastLimits, to: path)
            try #require(chmod(path, mode_t(permissions)) == 0)
            #expect(try KeyFile.read(path: path, passphrase: secret(passphrase)).publicKey == key.publicKey)
        }
    }

    @Test func missingFileGivesAClearMessage() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/nope.key"
            #expect(throws: CryptoError.ioError(path: path, reason: "no such file")) {
                try KeyFile.read(path: path, passphrase: secret(passphrase))
            }
            #expect(CryptoError.ioError(path: path, reason: "no such file").description == "\(path): no such file")
        }
    }

    @Test func missingFolderAndDirectoriesAreReported() throws {
        try withTemporaryFolder { folder in
            #expect(throws: CryptoError.self) {
                try KeyFile.write(
                    Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: fastLimits,
                    to: folder + "/no/such/folder/k")
            }
            #expect(throws: CryptoError.self) { try KeyFile.read(path: folder, passphrase: secret(passphrase)) }
            #expect(throws: CryptoError.self) {
                try KeyFile.write(
                    Ed25519.PrivateKey(), name: nil, passphrase: secret(passphrase), limits: fastLimits,
                    to: folder + "/")
            }
        }
    }

    @Test func emptyPassphraseIsRefusedBeforeWriting() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/k"
            #expect(throws: CryptoError.emptyPassphrase) {
                try KeyFile.write(Ed25519.PrivateKey(), name: nil, passphrase: secret(""), limits: fastLimits, to: path)
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(left.isEmpty)
        }
    }

    @Test func nonUTF8AndHugeFilesAreMalformed() throws {
        try withTemporaryFolder { folder in
            let bad = folder + "/bad"
            try #require(FileManager.default.createFile(atPath: bad, contents: Data([0x63, 0xff, 0xfe]), attributes: [.posixPermissions: 0o600]))
            #expect(throws: CryptoError.keyFileMalformed("it is not UTF-8 text")) {
                try KeyFile.read(path: bad, passphrase: secret(passphrase))
            }
            let huge = folder + "/huge"
            try #require(
                FileManager.default.createFile(
                    atPath: huge, contents: Data(count: 70_000), attributes: [.posixPermissions: 0o600]))
            #expect(throws: CryptoError.self) { try KeyFile.read(path: huge, passphrase: secret(passphrase)) }
        }
    }
}
