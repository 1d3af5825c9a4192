import Foundation
import Synchronization

/// Token buckets per key: `rate` requests per second, bursts of `burst`. Keys idle long enough
/// to have a full bucket are forgotten, so the table stays small.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = max(1, burst)
    }

    /// Takes one token for `key`; nil when allowed, else the seconds until one is available.
    func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        buckets.withLock { table in
            if table.count > 10_000 {
                table = table.filter { now - $0.value.updated < burst / rate }
            }
            var bucket = table[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                table[key] = bucket
                return (1 - bucket.tokens) / rate
            }
            bucket.tokens -= 1
            table[key] = bucket
            return nil
        }
    }
}
