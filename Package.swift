// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "coop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coop", targets: ["coop"]),
        .library(name: "CoopLedger", targets: ["CoopLedger"]),
        .library(name: "CoopExport", targets: ["CoopExport"]),
        .library(name: "CoopImport", targets: ["CoopImport"]),
        .library(name: "CoopCLI", targets: ["CoopCLI"]),
        .library(name: "CoopCanonicalJSON", targets: ["CoopCanonicalJSON"]),
        .library(name: "CoopTlog", targets: ["CoopTlog"]),
        .library(name: "CoopAPI", targets: ["CoopAPI"]),
        .library(name: "CoopCrypto", targets: ["CoopCrypto"]),
        .library(name: "CoopBylaws", targets: ["CoopBylaws"]),
        .library(name: "CoopGovernance", targets: ["CoopGovernance"]),
        .library(name: "CoopHTTPSignature", targets: ["CoopHTTPSignature"]),
        .library(name: "CoopPatronage", targets: ["CoopPatronage"]),
        .library(name: "CoopSecretBallot", targets: ["CoopSecretBallot"]),
        .library(name: "CoopModel", targets: ["CoopModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The server (`coop serve`) and its client (replicas): Hummingbird 2 on SwiftNIO, with
        // structured logs and graceful shutdown; async-http-client for members' replicas.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libsodium, from the system (Debian: libsodium-dev). Only CoopCrypto imports it.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        // SHA-256 in C, with the x86 SHA extensions when the CPU has them (hashing every leaf of
        // a large ledger is most of an incremental verify).
        .target(name: "CSHA256"),
        .target(name: "CoopCrypto", dependencies: ["CSodium", "CSHA256"]),
        .target(name: "CoopCanonicalJSON"),
        .target(name: "CoopModel"),
        .target(name: "CoopTlog", dependencies: ["CoopCrypto"]),
        // RFC 9421 HTTP Message Signatures (Ed25519) and RFC 9530 Content-Digest; pure, no HTTP stack.
        .target(name: "CoopHTTPSignature", dependencies: ["CoopCrypto"]),
        // `coop agent`: keys unlocked once per session, held by a process behind a 0600 Unix
        // socket that signs on request (protocol, server, client); POSIX only, no NIO.
        .target(name: "CoopAgent", dependencies: ["CoopCrypto"]),
        // Motions, ballots, tallies and elections: exact rules, no ledger (CoopLedger applies them).
        .target(name: "CoopGovernance", dependencies: ["CoopModel", "CoopCrypto", "CoopCanonicalJSON"]),
        // Year-end patronage under Subchapter T: exact allocation, deadlines, 1099-PATR, revolving.
        .target(name: "CoopPatronage", dependencies: ["CoopModel"]),
        .target(name: "CoopSecretBallot", dependencies: ["CoopCrypto", "CoopModel"]),
        // Bylaws as data: the version hash and the machine rules (YAML, read with Yams).
        .target(
            name: "CoopBylaws", dependencies: ["CoopModel", "CoopCrypto", "CoopCanonicalJSON", "CoopGovernance", "CoopPatronage", "CoopTlog", "Yams"]),
        .target(
            name: "CoopLedger",
            dependencies: [
                "CoopCrypto", "CoopCanonicalJSON", "CoopModel", "CoopTlog", "CoopBylaws", "CoopGovernance", "CoopPatronage",
                "CoopSecretBallot",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Exports: the audit bundle (write and read back as an entry source) and the books (CSV,
        // hledger journal), built on CoopLedger's public API.
        .target(
            name: "CoopExport",
            dependencies: ["CoopLedger", "CoopCrypto", "CoopCanonicalJSON", "CoopModel", "CoopTlog", "CoopBylaws", "CoopPatronage"]
        ),
        // Imports: the CSV files treasurers supply (bank exports, member lists, measures), read
        // into tables and values; what each row means is the CLI's import commands'.
        .target(name: "CoopImport", dependencies: ["CoopModel"]),
        // The wire contract of `coop serve` shared by server and client: paths, JSON bodies,
        // coop's entry bundles, split-view evidence. Pure: no HTTP stack.
        .target(name: "CoopAPI", dependencies: ["CoopLedger", "CoopTlog", "CoopCrypto", "CoopCanonicalJSON", "CoopModel"]),
        // `coop serve`: the sequencer behind an HTTP API (Hummingbird 2).
        .target(
            name: "CoopServer",
            dependencies: [
                "CoopAPI", "CoopLedger", "CoopBylaws", "CoopWitness", "CoopTlog", "CoopCrypto", "CoopHTTPSignature", "CoopCanonicalJSON", "CoopModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Members' and auditors' replicas: clone, pull, remote writes, over async-http-client.
        .target(
            name: "CoopReplica",
            dependencies: [
                "CoopAPI", "CoopLedger", "CoopBylaws", "CoopTlog", "CoopCrypto", "CoopHTTPSignature", "CoopCanonicalJSON", "CoopModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Witnesses (c2sp.org/tlog-witness): `coop witness serve` on Hummingbird 2 with durable
        // state, and the log's side that collects cosignatures over async-http-client.
        .target(
            name: "CoopWitness",
            dependencies: [
                "CoopTlog", "CoopCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "CoopCLI",
            dependencies: [
                "CoopLedger", "CoopExport", "CoopImport", "CoopCrypto", "CoopModel", "CoopTlog", "CoopCanonicalJSON", "CoopBylaws", "CoopGovernance",
                "CoopPatronage", "CoopAPI", "CoopServer", "CoopReplica", "CoopWitness", "CoopAgent",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "CoopSecretBallot",
            ]
        ),
        .executableTarget(
            name: "coop",
            dependencies: ["CoopCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The benchmarks (`coop-bench`, run by scripts/bench): kept out of the product, as
        // swift-nio keeps its benchmarks apart.
        .executableTarget(
            name: "coop-bench",
            dependencies: [
                "CoopLedger", "CoopCrypto", "CoopModel", "CoopTlog", "CoopCanonicalJSON", "CoopBylaws", "CoopGovernance",
                "CoopPatronage", "CoopSecretBallot", "CoopAPI", "CoopServer", "CoopReplica", "CoopWitness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/CoopBench"
        ),

        // Test support: shared fixtures (temporary folders, fixed keys, cheap key files), and
        // `coop-stress`, the append loop the crash and concurrency suites SIGKILL.
        .target(name: "CoopTestSupport", dependencies: ["CoopCrypto"], path: "Tests/CoopTestSupport"),
        .executableTarget(
            name: "coop-stress",
            dependencies: ["CoopLedger", "CoopCrypto", "CoopModel", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/CoopStress"
        ),

        .testTarget(name: "CoopCryptoTests", dependencies: ["CoopCrypto", "CSodium"], resources: [.copy("Vectors")]),
        .testTarget(name: "CoopCanonicalJSONTests", dependencies: ["CoopCanonicalJSON", "CoopModel"]),
        .testTarget(name: "CoopModelTests", dependencies: ["CoopModel"]),
        .testTarget(name: "CoopPatronageTests", dependencies: ["CoopPatronage", "CoopModel"]),
        .testTarget(name: "CoopSecretBallotTests", dependencies: ["CoopSecretBallot", "CoopCrypto", "CoopModel", "CoopCanonicalJSON"]),
        .testTarget(name: "CoopGovernanceTests", dependencies: ["CoopGovernance", "CoopModel", "CoopCrypto"]),
        .testTarget(name: "CoopBylawsTests", dependencies: ["CoopBylaws", "CoopModel", "CoopCrypto", "CoopPatronage", "CoopTlog"]),
        .testTarget(name: "CoopWitnessTests", dependencies: ["CoopWitness", "CoopTlog", "CoopCrypto"]),
        // Crash, concurrency and hostile-input suites (issue: reliability); they run the built
        // `coop` executable as child processes.
        .testTarget(
            name: "CoopReliabilityTests",
            dependencies: [
                "CoopLedger", "CoopExport", "CoopTestSupport", "coop-stress", "CoopCLI", "CoopCrypto", "CoopCanonicalJSON", "CoopModel", "CoopTlog", "CoopBylaws",
                "CoopHTTPSignature", "CoopAPI", "CoopSecretBallot", "CoopImport", "CoopGovernance",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Corpus")]
        ),
        // The benchmark workloads, small: they run and repeat from their seeds (no time asserted).
        .testTarget(name: "CoopBenchTests", dependencies: ["coop-bench", "CoopGovernance", "CoopSecretBallot", "CoopPatronage"]),
        .testTarget(name: "CoopTlogTests", dependencies: ["CoopTlog", "CoopCrypto"]),
        .testTarget(name: "CoopHTTPSignatureTests", dependencies: ["CoopHTTPSignature", "CoopCrypto"]),
        .testTarget(name: "CoopAgentTests", dependencies: ["CoopAgent", "CoopCrypto"]),
        .testTarget(name: "CoopAPITests", dependencies: ["CoopAPI", "CoopLedger", "CoopTlog", "CoopCrypto", "CoopModel"]),
        .testTarget(
            name: "CoopLedgerTests",
            dependencies: [
                "CoopLedger", "CoopExport", "CoopTestSupport", "CoopCrypto", "CoopTlog", "CoopCanonicalJSON", "CoopModel", "CoopBylaws", "CoopGovernance", "CoopPatronage",
                "CoopSecretBallot",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CoopCLITests",
            dependencies: [
                "CoopCLI", "CoopLedger", "CoopExport", "CoopTestSupport", "CoopCrypto", "CoopCanonicalJSON", "CoopModel", "CoopBylaws", "CoopGovernance", "CoopPatronage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)

// Strict habits for every target of ours (swift-log does the same).
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
