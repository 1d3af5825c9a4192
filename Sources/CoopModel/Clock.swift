import Foundation

/// Where "now" comes from. Commands take a clock so tests can fix time.
public protocol LedgerClock: Sendable {
    func now() -> Timestamp
}

/// The system's wall clock, truncated to whole seconds.
public struct SystemClock: LedgerClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}

/// A clock that always says the same instant (tests, reproducible demos).
public struct FixedClock: LedgerClock {
    public let instant: Timestamp
    public init(_ instant: Timestamp) { self.instant = instant }
    public func now() -> Timestamp { instant }
}
