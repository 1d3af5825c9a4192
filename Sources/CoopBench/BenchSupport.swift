import ArgumentParser
import CoopCanonicalJSON
import CoopModel
import Dispatch
import Foundation

/// `--json` for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the figures as one JSON object instead of text.")
    var json = false
}

/// A benchmark that could not run, or whose run did not check out.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A line on standard output.
func say(_ line: String) { print(line) }

/// A line on standard error (progress, warnings).
func warn(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

/// One canonical JSON line.
func printJSON(_ value: JSONValue) throws {
    say(String(decoding: try CanonicalJSON.encode(value), as: UTF8.self))
}

/// Figures from a debug build mean little; say so once.
func warnIfDebug() {
    #if DEBUG
        warn("warning: this is a debug build; figures are only meaningful from 'swift build -c release'")
    #endif
}

/// Seconds since `start`.
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// The `coop` executable built beside this one, to measure a separate `coop verify` process.
func coopExecutable() -> String? {
    guard let me = Bundle.main.executablePath else { return nil }
    let coop = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("coop").path
    return FileManager.default.isExecutableFile(atPath: coop) ? coop : nil
}

/// This process's peak resident memory, in KiB, from Linux's `/proc/self/status` (`VmHWM`): not
/// `getrusage`, whose `ru_maxrss` a child inherits from its parent across `exec`.
func peakResidentKiB() -> Int64? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int64($0) }
    }
    return nil
}

extension Ratio {
    /// `n/d` for the benchmarks' constants (valid by construction).
    static func bench(_ n: Int64, _ d: Int64) -> Ratio { Ratio(reducing: n, d) ?? .zero }
}
