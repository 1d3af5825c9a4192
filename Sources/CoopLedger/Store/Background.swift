import Dispatch
import Synchronization

/// A value computed on another core while the caller goes on (a state snapshot encoded while
/// the next entries are judged); `value()` waits for it.
final class Background<U: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Result<U, any Error>?>(nil)

    init(_ work: @escaping @Sendable () throws -> U) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// The value, or the error the work threw; waits while it is being computed.
    func value() throws -> U {
        done.wait()
        done.signal()  // for a later call
        guard let outcome = result.withLock({ $0 }) else { throw LedgerError.storage("a background computation produced nothing") }
        return try outcome.get()
    }
}
