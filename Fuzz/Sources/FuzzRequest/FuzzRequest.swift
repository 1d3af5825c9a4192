import CLibFuzzer

/// The scene (one reader's key, the server's URL, a fixed time): built once.
let scene: RequestFuzzing = {
    do {
        return try RequestFuzzing()
    } catch {
        fatalError("the request scene cannot be built: \(error)")
    }
}()

/// libFuzzer entry: an HTTP request as `coop serve` receives it, rebuilt, routed and its RFC 9421
/// signature verified under coop's read policy (`RequestFuzzing.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = scene.check(Array(UnsafeBufferPointer(start: data, count: size))) { fatalError(problem) }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzRequest_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
