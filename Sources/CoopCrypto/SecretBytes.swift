import CSodium

/// Bytes that must not outlive their use: held in one heap buffer, never copied into Swift
/// arrays by this module, and zeroed with `sodium_memzero` when the last reference goes away.
///
/// Its `description`, `debugDescription` and mirror show only the length, so a secret cannot
/// reach a log through string interpolation or `dump`.
public final class SecretBytes: @unchecked Sendable {
    // Immutable after init; the pointer is never exposed outside `withUnsafeBytes`.
    // At least one byte is allocated so the base address is never nil.
    private let pointer: UnsafeMutableRawBufferPointer
    private let _count: Int

    /// The number of secret bytes.
    public var count: Int { _count }

    /// Allocates `count` zero bytes and lets `fill` write them. If `fill` throws, the buffer
    /// is zeroed and freed before the error propagates.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "SecretBytes needs a non-negative count")
        Sodium.ready()
        pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(UnsafeMutableRawBufferPointer(rebasing: pointer[0..<count]))
        } catch {
            sodium_memzero(pointer.baseAddress, pointer.count)
            pointer.deallocate()
            throw error
        }
        _count = count
    }

    /// Copies `bytes` in and zeroes the caller's array (callers pass their only copy).
    public convenience init(consuming bytes: inout [UInt8]) {
        let n = bytes.count
        self.init(count: n) { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: src) }
        }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    /// Lends the bytes to `body`; do not let them escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: pointer[0..<_count]))
    }

    /// Constant-time equality: the time taken depends on the lengths only, not the contents.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard _count == other._count else { return false }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in sodium_memcmp(a.baseAddress, b.baseAddress, _count) == 0 }
        }
    }

    /// Asks the kernel to keep these bytes out of swap (`mlock`, through `sodium_mlock`).
    /// Returns false when it refuses (e.g. `RLIMIT_MEMLOCK`); the bytes are usable either way
    /// and are still zeroed when released. The lock lasts until the process exits (pages are
    /// shared with other allocations, so they are not unlocked one buffer at a time).
    @discardableResult
    public func lockInMemory() -> Bool {
        guard let base = pointer.baseAddress else { return false }
        return sodium_mlock(base, pointer.count) == 0
    }

    deinit {
        sodium_memzero(pointer.baseAddress, pointer.count)
        pointer.deallocate()
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretBytes(\(_count) bytes)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["count": _count], displayStyle: .class) }
}
