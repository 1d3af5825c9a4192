import Foundation

/// This process's peak resident memory, in KiB, from Linux's `/proc/self/status` (`VmHWM`).
///
/// Not `getrusage`: after `exec`, Linux carries the parent's high-water mark into the child's
/// `ru_maxrss`, so a child measured that way looks as big as the process that started it.
func peakResidentKiB() -> Int64? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int64($0) }
    }
    return nil
}

/// The environment variable that makes `coop` print its peak resident memory on standard error
/// as it exits (`coop: peak resident memory <n> KiB`): how the reliability suite measures a
/// child's own memory, which the parent cannot read once the child has exited.
public let peakMemoryReportVariable = "COOP_REPORT_PEAK_MEMORY"

/// Registers the exit-time report when `COOP_REPORT_PEAK_MEMORY=1`; call before running.
public func reportPeakMemoryAtExitIfAsked() {
    guard ProcessInfo.processInfo.environment[peakMemoryReportVariable] == "1" else { return }
    atexit {
        guard let kib = peakResidentKiB() else { return }
        FileHandle.standardError.write(Data("coop: peak resident memory \(kib) KiB\n".utf8))
    }
}
