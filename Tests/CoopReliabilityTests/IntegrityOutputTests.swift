import Foundation
import GRDB
import Testing

/// Integrity, part 4: what an auditor reads cannot be spoofed, and a verify report, a refused
/// init and a weak passphrase are handled the way a person needs.
@Suite("Integrity: display safety and reports, through coop")
struct IntegrityOutputTests {
    @Test func namesThatForgeLinesAreRefusedAndTextIsPrintedEscaped() throws {
        let c = try IntegrityCoop()
        let eve = try c.ok(["key", "show", c.path("eve.key")])
        for name in ["Eve\nentry 99: m1 paid $1000000.00", "Eve\u{1B}[2J", "Eve \u{202E}gnp.exe"] {
            let why = try c.refused(["member", "admit", "--name", name, "--pubkey", eve, "--class", "supporter"] + c.key("ada"))
            #expect(why.contains("control or direction character"), "\(why)")
        }
        // Notes may hold lines and right-to-left text; the listing shows them escaped, one line each.
        try c.ok(["note", "Hi\nentry 99 \u{202E}exe"] + c.key("cho"))
        let log = try c.ok(["log"])
        #expect(!log.contains("\nentry 99"), "\(log)")
        #expect(log.contains("Hi\\nentry 99 \\u{202E}exe"), "\(log)")
        #expect(!log.unicodeScalars.contains("\u{202E}"), "a direction override reached the terminal")
        let escape = try c.refused(["note", "Clear \u{1B}[2J the screen"] + c.key("cho"))
        #expect(escape.contains("control character U+001B"), "\(escape)")
    }

    @Test func csvCellsThatWouldRunAsFormulasAreNeutralized() throws {
        let c = try IntegrityCoop()
        let eve = try c.ok(["key", "show", c.path("eve.key")])
        try c.ok(["member", "admit", "--name", "=HYPERLINK(\"http://evil\",\"Eve\")", "--pubkey", eve, "--class", "supporter"] + c.key("ada"))
        try c.ok(["export", "--format", "csv", "--out", c.path("books")])
        let members = try String(contentsOfFile: c.path("books/members.csv"), encoding: .utf8)
        #expect(members.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"Eve\"\")\""), "\(members)")
    }

    @Test func anArgumentThatIsNotUTF8IsRefused() throws {
        let c = try IntegrityCoop()
        let script = "\"$0\" note \"$(printf 'caf\\351')\" --key \"$1\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, try CoopProcess.executable(), c.path("cho.key")]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["COOP_LEDGER": c.ledgerPath, "COOP_PASSPHRASE": CoopProcess.passphrase, "COOP_TIME": c.time]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 64 && said.contains("not valid UTF-8"), "\(said)")
        #expect(!(try c.ok(["log"])).contains("caf"))
    }

    @Test func oneTamperedEntryGivesItsCauseFirstAndCountsTheRest() throws {
        let c = try IntegrityCoop()
        for n in 1...20 { try c.ok(["note", "Minutes \(n)."] + c.key("ben")) }
        // Ben's admission (entry 1) altered in place: every later entry by or about Ben follows.
        try c.editFile { db in
            try db.execute(
                sql: "UPDATE entries SET statement = CAST(REPLACE(CAST(statement AS TEXT), '\"name\":\"Ben\"', '\"name\":\"Bob\"') AS BLOB) WHERE idx = 1")
        }
        let r = try c.run(["verify"])
        #expect(r.status == 1)
        let lines = r.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("FAIL entry 1: ") == true, "\(r.output)")
        #expect(lines.count <= 6, "the report buries the cause: \(r.output)")
        #expect(r.output.contains("more problems after it") && r.output.contains("coop verify --all"), "\(r.output)")
        let all = try c.run(["verify", "--all"])
        #expect(all.output.split(separator: "\n").count > lines.count)
    }

    @Test func exitCodesSayWhatHappened() throws {
        let c = try IntegrityCoop()
        #expect(try c.run(["verify"]).status == 0)
        #expect(try c.run(["verify", "--ledger", c.path("missing.ledger")]).status == 2)
        #expect(try c.run(["verify", "--since", c.path("missing.checkpoint")]).status == 2)
        #expect(try c.run(["verify", "--no-such-flag"]).status == 64)
        // A pipe where the ledger should be is refused at once, not waited on forever.
        #expect(mkfifo(c.path("pipe.ledger"), 0o600) == 0)
        let started = Date()
        let fifo = try c.run(["verify", "--ledger", c.path("pipe.ledger")])
        #expect(fifo.status == 2 && fifo.errors.contains("not a regular file"), "\(fifo.text)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func aRefusedInitLeavesNothingBehind() throws {
        let c = try IntegrityCoop()
        guard let root = CoopProcess.packageRoot() else { throw CocoaError(.fileNoSuchFile) }
        let ledger = c.path("second.ledger")
        let why = try c.refused(
            [
                "init", "--name", "Second", "--bylaws", root + "/Bylaws", "--founder-class", "surgeon",
                "--ledger", ledger,
            ] + c.key("ada"))
        #expect(why.contains("surgeon"), "\(why)")
        let left = try FileManager.default.contentsOfDirectory(atPath: c.dir).filter { $0.hasPrefix("second.ledger") }
        #expect(left.isEmpty, "a refused init left \(left)")
    }

    @Test func weakPassphrasesAndOpenPassphraseFilesAreRefused() throws {
        let c = try IntegrityCoop()
        let short = try c.refused(["key", "new", "--out", c.path("weak.key")], environment: ["COOP_PASSPHRASE": "x"])
        #expect(short.contains("at least 12 characters"), "\(short)")
        #expect(!FileManager.default.fileExists(atPath: c.path("weak.key")))
        let file = try c.write("pass.txt", CoopProcess.passphrase + "\n")
        #expect(chmod(file, 0o644) == 0)
        let open = try c.refused(["note", "hello", "--passphrase-file", file] + c.key("cho"))
        #expect(open.contains("chmod 600"), "\(open)")
        #expect(chmod(file, 0o600) == 0)
        try c.ok(["note", "hello", "--passphrase-file", file] + c.key("cho"))
    }
}
