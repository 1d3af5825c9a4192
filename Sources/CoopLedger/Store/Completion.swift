import Dispatch
import Synchronization

/// A result one thread sets once and others wait for: a pipeline's chunk of inputs or of signed
/// entries, or a state snapshot encoded on another core while the next entries are judged.
final class Completion<U: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<U, any Error>?>(nil)

    init() {}

    /// A completion of `work`, run on another core.
    static func running(_ work: @escaping @Sendable () throws -> U) -> Completion {
        let completion = Completion()
        DispatchQueue.global(qos: .userInitiated).async { completion.fulfil(Result { try work() }) }
        return completion
    }

    /// Sets the result (once) and wakes the waiters.
    func fulfil(_ outcome: Result<U, any Error>) {
        result.withLock { $0 = outcome }
        done.signal()
    }

    var isFulfilled: Bool { result.withLock { $0 } != nil }

    /// The value, or the error the work threw; waits while it is being computed.
    func value() throws -> U {
        if let ready = result.withLock({ $0 }) { return try ready.get() }
        done.wait()
        done.signal()  // for the next waiter
        guard let outcome = result.withLock({ $0 }) else { throw LedgerError.storage("a worker produced nothing") }
        return try outcome.get()
    }
}
