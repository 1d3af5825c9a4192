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
