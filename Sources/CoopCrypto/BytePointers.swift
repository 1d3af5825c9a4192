/// Non-optional byte pointers for libsodium functions declared `nonnull`.
///
/// Every buffer this module hands to them is non-empty (`SecretBytes` allocates at least one
/// byte; elements and scalars have 32), so a missing base address is a bug in this module,
/// not a condition a caller could meet.
extension UnsafeRawBufferPointer {
    var bytes: UnsafePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("an empty buffer reached libsodium") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    var bytes: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("an empty buffer reached libsodium") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
