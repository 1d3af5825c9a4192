import Foundation

/// A fresh folder under the system's temporary directory, removed when the value goes away:
/// each test its own ledger, keys and exports.
public final class TemporaryFolder: Sendable {
    public let path: String

    /// Creates `<tmp>/<prefix>-<uuid>`.
    public init(_ prefix: String = "coop-test") {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    public func path(_ name: String) -> String { path + "/" + name }
}
