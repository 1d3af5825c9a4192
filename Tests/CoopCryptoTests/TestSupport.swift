import CoopCrypto
import Foundation
import Testing

/// Bytes of a lowercase hex literal; fails the test on a typo.
func bytes(hex: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require(Hex.decode(hex), "bad hex in test: \(hex.prefix(20))", sourceLocation: sourceLocation)
}

/// A passphrase (or any secret) from a test string.
func secret(_ text: String) -> SecretBytes {
    var raw = Array(text.utf8)
    return SecretBytes(consuming: &raw)
}

/// The contents of a secret, copied out for comparisons in tests only.
func reveal(_ secret: SecretBytes) -> [UInt8] {
    secret.withUnsafeBytes { Array($0) }
}

/// Decodes a JSON file from the test bundle's `Vectors` folder.
func loadVectors<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors"),
        "missing test resource Vectors/\(name).json")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Runs `body` with a fresh empty folder, removed afterwards.
func withTemporaryFolder<R>(_ body: (String) throws -> R) throws -> R {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("coop-crypto-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// The cheapest Argon2id limits, so most key-file tests take milliseconds.
let fastLimits = KeyFile.KDFLimits.minimum
