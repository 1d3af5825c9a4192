import CLibFuzzer

/// libFuzzer entry for what `coop serve` and replicas read from the network: the first byte
/// picks the reader (a post body, a coop entry bundle, a leaf, a split-view evidence file, the
/// hash tiles of a fork check); each must parse and round-trip, or throw its own error type
/// (`WireFuzzing.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = WireFuzzing.check(Array(UnsafeBufferPointer(start: data, count: size))) { fatalError(problem) }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzWire_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
