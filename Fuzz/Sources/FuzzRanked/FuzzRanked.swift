import CLibFuzzer

/// libFuzzer entry: a BLT ballot file read, counted under every method its seats allow, and
/// written back (`RankedFuzzing.check`): refused with the reader's or the count's error, or a
/// count that keeps every law of the count.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = RankedFuzzing.check(Array(UnsafeBufferPointer(start: data, count: size))) { fatalError(problem) }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzRanked_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
