// swift-tools-version:6.0
// libFuzzer targets for coop's parsers of untrusted input. Build and run them with
// `scripts/fuzz` (it passes -sanitize=fuzzer,address); a plain `swift build` here is not useful.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name (lowercased), whatever the folder the
// repository was cloned into: derive it from this manifest's own location.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let coopPackage = root.lastPathComponent.lowercased()

let coop: [Target.Dependency] = ["CoopCanonicalJSON", "CoopLedger", "CoopExport", "CoopTlog", "CoopCrypto", "CoopBylaws", "CoopAPI", "CoopSecretBallot", "CoopModel", "CoopImport", "CoopGovernance", "CoopHTTPSignature"].map {
    .product(name: $0, package: coopPackage)
}

let fuzzers = ["FuzzCanonicalJSON", "FuzzEntry", "FuzzReceipt", "FuzzCheckpoint", "FuzzKeyFile", "FuzzBylaws", "FuzzBundle", "FuzzWire", "FuzzWitness", "FuzzSecretBallot", "FuzzImport", "FuzzRules", "FuzzRanked", "FuzzRequest"]

let package = Package(
    name: "coop-fuzz",
    platforms: [.macOS(.v14)],
    products: fuzzers.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CLibFuzzer")]
        + fuzzers.map { .executableTarget(name: $0, dependencies: coop + ["CLibFuzzer"]) }
)
