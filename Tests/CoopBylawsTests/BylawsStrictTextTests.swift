import CoopBylaws
import Foundation
import Testing

/// Bylaws text means one thing to every reader: the bytes hashed are the file's bytes, and a
/// date is written one way.
@Suite("Bylaws: strict text")
struct BylawsStrictTextTests {
    /// A copy of the shipped folder in a temporary folder, with `rules.yaml` given `prefix`.
    static func folder(prefixingRules prefix: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coop-bylaws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let shipped = BylawsReaderTests.shippedFolder
        for name in [BylawsFiles.textFile, BylawsFiles.rulesFile] {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shipped + "/" + name)))
            if name == BylawsFiles.rulesFile { bytes = prefix + bytes }
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    @Test func aByteOrderMarkIsRefusedNotDropped() throws {
        let plain = try Self.folder(prefixingRules: [])
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(try BylawsFiles.load(folder: plain).files.count == 2)

        let withBOM = try Self.folder(prefixingRules: [0xEF, 0xBB, 0xBF])
        defer { try? FileManager.default.removeItem(atPath: withBOM) }
        let error = #expect(throws: BylawsError.self) { try BylawsFiles.load(folder: withBOM) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("byte order mark"))
    }

    @Test func theFiscalYearEndIsExactlyMMDD() throws {
        #expect(MonthDay("01-31")?.description == "01-31")
        #expect(MonthDay("12-31")?.description == "12-31")
        for bad in ["+1-31", "1-31", "01-+3", "001-31", "01--31", "01-3", "٠١-٣١", "01-31 ", "02-30"] {
            #expect(MonthDay(bad) == nil, "\(bad)")
        }
        let files = try BylawsReaderTests.editing("fiscal_year_end: \"12-31\"", "fiscal_year_end: \"+1-31\"")
        #expect(!BylawsReaderTests.problems(files).isEmpty)
    }

    /// Keys are names, whatever YAML would type them as: `yes` and `"yes"` (a boolean and a
    /// string to YAML 1.1), `1` and `'1'`, are the same key twice, refused, not two classes.
    @Test(arguments: [("yes", "\"yes\""), ("1", "'1'"), ("null", "\"null\"")])
    func keysThatYAMLWouldTypeDifferentlyAreStillTheSameName(plain: String, quoted: String) throws {
        let twice = """
            classes:
              \(plain):
                description: One
                default_tier: staff
                share_required: true
                patronage: true
              \(quoted):
                description: Two
                default_tier: staff
                share_required: true
                patronage: true

            """
        let files = try BylawsReaderTests.editing("classes:\n", twice)
        let problems = BylawsReaderTests.problems(files)
        #expect(problems.contains { $0.message.contains("a key appears twice") }, "\(problems)")
    }
}
