import CLibFuzzer
import CoopCanonicalJSON

/// libFuzzer entry: `decodeCanonical` must accept exactly the bytes that the lenient parser
/// accepts and that re-encode to themselves (the reference definition of canonical), and
/// otherwise throw a `CanonicalJSONError` (typed throws: nothing else can come out).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let strict = try? CanonicalJSON.decodeCanonical(bytes)
    let lenient = try? CanonicalJSON.decode(bytes)
    let reference = lenient.flatMap { try? CanonicalJSON.encode($0) } == bytes
    if (strict != nil) != reference {
        fatalError("decodeCanonical \(strict == nil ? "rejected" : "accepted") bytes the reference check \(reference ? "accepts" : "rejects")")
    }
    if let strict, strict != lenient {
        fatalError("decodeCanonical and decode disagree on the value")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzCanonicalJSON_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
