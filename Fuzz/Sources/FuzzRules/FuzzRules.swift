import CLibFuzzer
import Foundation

/// The scene (a small cooperative in a temporary ledger file, fixed keys): built once.
let scene: RulesFuzzing = {
    do {
        return try RulesFuzzing()
    } catch {
        fatalError("the rules scene cannot be built: \(error)")
    }
}()

/// libFuzzer entry: a template entry's body mutated, re-signed with the scene's keys, applied:
/// refused with a `LedgerError`, or applied with a state that still holds together
/// (`RulesFuzzing.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = scene.check(Array(UnsafeBufferPointer(start: data, count: size))).problem { fatalError(problem) }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzRules_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
