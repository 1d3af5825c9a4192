import Foundation
import Testing

/// Real storage refusals, through the built `coop`: a read-only ledger file, a disk that fills
/// up, a disk mounted read-only. Each append fails with a message that says what happened, that
/// nothing was written and what to do; every accepted entry stays; `coop verify` still passes.
/// The same tests run as root and as any other account (root is made to obey file modes).
@Suite("Storage failures, through coop")
struct StorageFailureProcessTests {
    /// `coop verify --json` output: whether it passed and the ledger's size (nil when unreadable).
    static func report(_ json: String) -> (ok: Bool, size: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let ok = object["ok"] as? Bool, let size = object["size"] as? Int
        else { return nil }
        return (ok, size)
    }

    /// The size of the ledger in `dir`, as `coop verify` reports it (it must verify).
    static func verifiedSize(of dir: String) throws -> Int {
        let verify = try StorageFailureProcess.run(
            [try CoopProcess.executable(), "verify", "--json"], in: dir,
            environment: ["COOP_LEDGER": dir + "/coop.ledger"])
        let parsed = try #require(Self.report(verify.output), "coop verify printed \(verify.output)\(verify.errors)")
        #expect(verify.status == 0 && parsed.ok)
        return parsed.size
    }

    static func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test func aReadOnlyLedgerFileRefusesTheAppendAndStillVerifies() throws {
        let dir = try CoopProcess.makeCooperative(members: 0)
        // The ledger alone in a folder that is read-only too, so SQLite can create no -wal or
        // -shm beside it: the append must still be refused cleanly and verify must still read.
        let folder = dir + "/read-only"
        let ledger = folder + "/coop.ledger"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: dir + "/coop.ledger", toPath: ledger)
        let size = try Self.verifiedSize(of: dir)
        #expect(chmod(ledger, 0o444) == 0 && chmod(folder, 0o555) == 0)
        defer {
            chmod(folder, 0o755)
            chmod(ledger, 0o644)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ledger))
        let coop = try StorageFailureProcess.coopBoundByFileModes()
        let environment = ["COOP_LEDGER": ledger]

        let append = try StorageFailureProcess.run(
            coop + ["note", "minutes that cannot be kept", "--key", dir + "/founder.key"], in: dir, environment: environment)
        #expect(append.status != 0, "the append to a read-only file succeeded: \(append.output)")
        #expect(append.errors.contains("the ledger file \(ledger) is read-only"), "\(append.errors)")
        #expect(append.errors.contains("nothing was written"), "\(append.errors)")
        #expect(append.errors.contains("chmod u+w \(ledger)"), "\(append.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == bytes, "the ledger file changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["coop.ledger"])

        let verify = try StorageFailureProcess.run(coop + ["verify", "--json"], in: dir, environment: environment)
        let report = Self.report(verify.output)
        #expect(verify.status == 0 && report?.ok == true, "\(verify.output)\(verify.errors)")
        #expect(report?.size == size, "the entry count changed")
    }

    @Test func aFullDiskRefusesTheAppendAndKeepsEveryAcceptedEntry() throws {
        let dir = try CoopProcess.makeCooperative(members: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = try Self.verifiedSize(of: dir)
        let disk = dir + "/disk"
        // About 19 KB a note on a 320 KiB disk: full after a dozen or so; 60 would be 1.1 MB.
        let run = try StorageFailureProcess.inPrivateMountNamespace(
            #"""
            coop=$1 dir=$2 disk=$2/disk
            mkdir "$disk" && small_disk 320k "$disk"
            cp "$dir/coop.ledger" "$dir/founder.key" "$disk/"
            export COOP_LEDGER="$disk/coop.ledger"
            text=$(printf 'minutes of the general meeting; %.0s' $(seq 600))
            for n in $(seq 60); do
              if entry=$("$coop" note "$n $text" --key "$disk/founder.key" 2>"$dir/refused.err"); then
                echo "accepted $n $entry"
              else
                echo "refused $n $?"; break
              fi
            done
            echo "free-kib $(df -k --output=avail "$disk" | tail -1)"
            "$coop" verify --json >"$dir/full.json" 2>&1; echo "full-verify $?"
            "$coop" log --type note >"$dir/notes.txt" 2>&1; echo "log $?"
            read_only_disk "$disk"
            "$coop" verify --json >"$dir/read-only.json" 2>&1; echo "read-only-verify $?"
            """#, dir: dir)

        // "accepted N entry I by m1": the Nth note went in as entry I.
        let accepted = run.values("accepted").compactMap { line -> (n: Int, index: Int)? in
            let words = line.split(separator: " ")
            guard words.count == 5, let n = Int(words[0]), let index = Int(words[2]) else { return nil }
            return (n, index)
        }
        #expect(accepted.count >= 1, "no note fit on the disk: \(run.output)")
        #expect(accepted.map(\.index) == Array(size..<(size + accepted.count)), "\(run.output)")
        let refused = try #require(run.value("refused"), "the disk never filled up: \(run.output)\(run.errors)")
        #expect(refused.split(separator: " ").last != "0")
        let message = Self.contents(dir + "/refused.err")
        #expect(message.contains("the disk holding \(disk)/coop.ledger is full"), "\(message)")
        #expect(message.contains("nothing was written") && message.contains("free some space"), "\(message)")
        #expect(Int(run.value("free-kib")?.trimmingCharacters(in: .whitespaces) ?? "") ?? .max < 32, "\(run.output)")

        // Every append that reported success is there, in order, and nothing else.
        #expect(run.value("full-verify") == "0" && run.value("log") == "0", "\(run.output)")
        let full = Self.report(Self.contents(dir + "/full.json"))
        #expect(full?.ok == true && full?.size == size + accepted.count, "\(Self.contents(dir + "/full.json"))")
        let notes = Self.contents(dir + "/notes.txt").split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(notes.map { $0.first.flatMap { Int($0) } } == accepted.map(\.index), "\(notes)")
        #expect(notes.map { $0.last(where: { $0.hasPrefix("text=") }) } == accepted.map { "text=\($0.n)" })

        // The full disk, now read-only too (its -wal and -shm still there): verify still reads it.
        #expect(run.value("still-writable") == nil)
        #expect(run.value("read-only-verify") == "0", "\(Self.contents(dir + "/read-only.json"))")
        #expect(Self.report(Self.contents(dir + "/read-only.json"))?.size == size + accepted.count)
    }

    @Test func aReadOnlyDiskRefusesTheAppendAndStillVerifies() throws {
        let dir = try CoopProcess.makeCooperative(members: 0)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = try Self.verifiedSize(of: dir)
        let disk = dir + "/disk"
        let run = try StorageFailureProcess.inPrivateMountNamespace(
            #"""
            coop=$1 dir=$2 disk=$2/disk
            mkdir "$disk" && small_disk 1m "$disk"
            cp "$dir/coop.ledger" "$dir/founder.key" "$disk/"
            export COOP_LEDGER="$disk/coop.ledger"
            echo "accepted $("$coop" note 'minutes kept before the disk went read-only' --key "$disk/founder.key")"
            echo "files $(ls -A "$disk" | tr '\n' ' ')"
            read_only_disk "$disk"
            "$coop" note 'minutes that cannot be kept' --key "$disk/founder.key" 2>"$dir/refused.err"; echo "append $?"
            "$coop" verify --json >"$dir/read-only.json" 2>&1; echo "read-only-verify $?"
            """#, dir: dir)

        #expect(run.value("accepted") == "entry \(size) by m1", "\(run.output)\(run.errors)")
        // SQLite left no -wal or -shm, and cannot create its index on a read-only disk.
        #expect(run.value("files") == "coop.ledger founder.key ", "\(run.output)")
        #expect(run.value("still-writable") == nil)
        #expect(run.value("append") != nil && run.value("append") != "0", "\(run.output)")
        let message = Self.contents(dir + "/refused.err")
        #expect(message.contains("the ledger \(disk)/coop.ledger is on a read-only disk (read-only file system)"), "\(message)")
        #expect(message.contains("nothing was written") && message.contains("remount"), "\(message)")

        let json = Self.contents(dir + "/read-only.json")
        #expect(run.value("read-only-verify") == "0", "\(json)")
        let report = Self.report(json)
        #expect(report?.ok == true && report?.size == size + 1, "\(json)")
    }
}
