import Foundation
import Testing

/// The fuzz package (Fuzz/) names the root package by the folder the repository was cloned
/// into; it must resolve from a clone in any folder, not only one called `main`.
@Suite("The fuzz package resolves from any folder")
struct FuzzPackageTests {
    @Test func theFuzzManifestFindsTheRootPackageWhateverItsFolderIsCalled() throws {
        let root = try #require(CoopProcess.packageRoot())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("Coop-Clone-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/Package.swift", toPath: folder.path + "/Package.swift")
        try FileManager.default.copyItem(atPath: root + "/Fuzz", toPath: folder.path + "/Fuzz")
        for scratch in (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/Fuzz")) ?? [] where scratch.hasPrefix(".build") {
            try FileManager.default.removeItem(atPath: folder.path + "/Fuzz/" + scratch)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", folder.path + "/Fuzz", "describe", "--type", "json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "swift package describe failed: \(errors)")
        #expect(output.contains(folder.lastPathComponent.lowercased()), "the root package is not the dependency: \(output.prefix(2000))")
    }
}
