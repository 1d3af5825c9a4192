import CoopCanonicalJSON
import Foundation
import Testing

/// `coop verify-receipt` judges the receipt's checkpoint under the witness policy of the bylaws
/// in force at its size, read from the member's replica or an export bundle and matched to the
/// state digest the checkpoint signs (issue 14: members' receipts carry cosignatures).
@Suite struct ReceiptWitnessPolicyTests {
    @Test func thePolicyComesFromAReplicaOrABundleThatHoldsTheReceiptsState() throws {
        let cli = try MembershipBooksCommandTests().founded()
        try cli.ok(["checkpoint"])
        try cli.ok(["export", "--out", cli.path("early")])
        try cli.ok(["note", "After the first export.", "--key", cli.path("ben.key")])
        try cli.ok(["checkpoint"])
        try cli.ok(["receipt", "3", "--out", cli.path("r.receipt")])
        try cli.ok(["export", "--out", cli.path("late")])
        let keys = try String(contentsOfFile: cli.path("late/keys.txt"), encoding: .utf8)
        let ledgerKey = try #require(keys.split(separator: "\n").first?.dropFirst("ledger ".count)).description
        let verify = ["verify-receipt", cli.path("r.receipt"), "--ledger-key", ledgerKey]
        let nowhere = ["--ledger", cli.path("no-such.ledger")]

        // The ledger, or a bundle reaching the receipt's size: the policy (none required) is met.
        #expect(try cli.ok(verify).hasPrefix("OK: entry 3"))
        #expect(try cli.ok(verify + ["--bundle", cli.path("late")] + nowhere).hasPrefix("OK: entry 3"))
        // Without the state at that size (no snapshot there, or none at all) it is replayed.
        try FileManager.default.removeItem(atPath: cli.path("late/snapshots/4.state"))
        #expect(try cli.ok(verify + ["--bundle", cli.path("late")] + nowhere).hasPrefix("OK: entry 3"))
        for file in try FileManager.default.contentsOfDirectory(atPath: cli.path("late/snapshots")) {
            try FileManager.default.removeItem(atPath: cli.path("late/snapshots/" + file))
        }
        #expect(try cli.ok(verify + ["--bundle", cli.path("late")] + nowhere).hasPrefix("OK: entry 3"))

        // No source: no verdict on the witnesses, so a failure unless the member waives it.
        let blind = cli.run(verify + nowhere)
        #expect(blind.exitCode == 1 && blind.errors.contains("not witnessed") && blind.errors.contains("--bundle"), "\(blind.errors)")
        #expect(cli.run(verify + nowhere + ["--allow-unwitnessed"]).exitCode == 0)
        // A bundle from before the receipt's checkpoint cannot say which policy was in force then.
        let behind = cli.run(verify + ["--bundle", cli.path("early")] + nowhere)
        #expect(behind.exitCode == 1 && behind.errors.contains("holds fewer entries"), "\(behind.errors)")

        // Another cooperative's bundle, long enough, is not taken for this one's state.
        let other = try MembershipBooksCommandTests().founded()
        for n in 1...3 { try other.ok(["note", "Other minutes \(n).", "--key", other.path("ben.key")]) }
        try other.ok(["checkpoint"])
        try other.ok(["export", "--out", other.path("bundle")])
        let foreign = cli.run(verify + ["--bundle", other.path("bundle")] + nowhere)
        let why = foreign.error.map { "\($0)" } ?? ""
        #expect(foreign.exitCode != 0 && why.contains("is another ledger"), "\(why)")
    }
}
