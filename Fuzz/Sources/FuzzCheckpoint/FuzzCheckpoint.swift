import CLibFuzzer
import CoopLedger
import CoopTlog

/// The ledger key and origin of the test vectors in docs/FORMAT.md (seed 0xc8).
let ledgerKey = "coop.ledger/00112233445566778899aabbccddeeff+c1f2cd60+AZf/yIPIC+5yN++V2bm3A9StY+YKIeYFhnaCt1uLP0MD"
let origin = "coop.ledger/00112233445566778899aabbccddeeff"

/// libFuzzer entry: arbitrary bytes as a signed note and as a coop checkpoint.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let note = try? SignedNote.parse(bytes: bytes) {
        _ = note.format()
    }
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? SignedCheckpoint.parse(text)
    _ = try? Checkpoints.open(text, keyText: ledgerKey, origin: origin)
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzCheckpoint_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
