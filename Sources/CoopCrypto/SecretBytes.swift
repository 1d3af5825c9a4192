import CSodium

/// Bytes that must not outlive their use: held in one heap buffer, never copied into Swift
/// arrays by this module, and zeroed with `sodium_memzero` when the last reference goes away.
public final class SecretBytes: @unchecked Sendable {
    // Immutable after init; the pointer is never exposed outside `withUnsafeBytes`.
    private let pointer: UnsafeMutableRawBufferPointer

    /// The number of secret bytes.
    public var count: Int { pointer.count }

    /// Allocates `count` zero bytes and lets `fill` write them.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        Sodium.ready()
        pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        let used = UnsafeMutableRawBufferPointer(rebasing: pointer[0..<count])
        used.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(used)
        } catch {
            sodium_memzero(pointer.baseAddress, pointer.count)
            pointer.deallocate()
            throw error
        }
        _count = count
    }

    private let _count: Int

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

    /// Constant-time equality.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard _count == other._count else { return false }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in sodium_memcmp(a.baseAddress, b.baseAddress, _count) == 0 }
        }
    }

    deinit {
        sodium_memzero(pointer.baseAddress, pointer.count)
        pointer.deallocate()
    }
}
