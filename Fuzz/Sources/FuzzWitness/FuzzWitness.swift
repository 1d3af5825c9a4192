import CLibFuzzer
import CoopTlog

/// The witness, its log and its stored record: built once (fixed keys), see `WitnessFuzzing`.
let scene: WitnessFuzzing = {
    do {
        return try WitnessFuzzing()
    } catch {
        fatalError("the witness scene cannot be built: \(error)")
    }
}()

/// libFuzzer entry: the input as a tlog-witness `add-checkpoint` request body, decided by the
/// witness against its record, and its cosignature lines checked (`WitnessFuzzing.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = scene.check(Array(UnsafeBufferPointer(start: data, count: size))).problem {
        fatalError(problem)
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzWitness_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
