import Dispatch
import Synchronization

/// Runs async work (the server, the HTTP client) from a synchronous command and waits for it.
/// The command tree stays synchronous (tests run commands in-process); only the commands
/// that talk to the network cross over.
func runAsync<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    guard let result = outcome.withLock({ $0 }) else { throw CLIError.invalidArgument("the network task ended without an answer") }
    return try result.get()
}
