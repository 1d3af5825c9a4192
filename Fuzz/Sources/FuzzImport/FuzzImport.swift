import CLibFuzzer

/// libFuzzer entry: the input as a treasurer's CSV file (its first byte picks the bank, member
/// or patronage columns), read and checked by `ImportFuzzing.check`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = ImportFuzzing.check(Array(UnsafeBufferPointer(start: data, count: size))) { fatalError(problem) }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzImport_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
