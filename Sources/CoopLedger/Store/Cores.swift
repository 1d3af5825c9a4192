import Foundation

/// The cores this process may use, read once.
///
/// `ProcessInfo.activeProcessorCount` opens and reads the cgroup's CPU quota files on every call
/// on Linux, and the signing and checking pipelines asked on every append and every
/// verification: 1.5% of the rules fuzzer's time (perf). A quota changed while a process
/// runs is seen by the next process.
enum Cores {
    static let available = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
