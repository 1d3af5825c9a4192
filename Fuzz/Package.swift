// swift-tools-version:6.0
// libFuzzer targets for coop's parsers of untrusted input. Build and run them with
// `scripts/fuzz` (it passes -sanitize=fuzzer,address); a plain `swift build` here is not useful.
import PackageDescription

let coop: [Target.Dependency] = [
    .product(name: "CoopCanonicalJSON", package: "main"),
    .product(name: "CoopLedger", package: "main"),
    .product(name: "CoopTlog", package: "main"),
    .product(name: "CoopCrypto", package: "main"),
    .product(name: "CoopBylaws", package: "main"),
]

let fuzzers = ["FuzzCanonicalJSON", "FuzzEntry", "FuzzReceipt", "FuzzCheckpoint", "FuzzKeyFile", "FuzzBylaws", "FuzzBundle"]

let package = Package(
    name: "coop-fuzz",
    platforms: [.macOS(.v14)],
    products: fuzzers.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CLibFuzzer")]
        + fuzzers.map { .executableTarget(name: $0, dependencies: coop + ["CLibFuzzer"]) }
)
