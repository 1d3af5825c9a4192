import CLibFuzzer
import CoopLedger
import CoopTlog

/// The ledger key of the test vectors in docs/FORMAT.md (seed 0xc8), so seeds can verify.
let ledgerKey = "coop.ledger/00112233445566778899aabbccddeeff+c1f2cd60+AZf/yIPIC+5yN++V2bm3A9StY+YKIeYFhnaCt1uLP0MD"

/// libFuzzer entry: arbitrary text as a tlog-proof and as a receipt.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let proof = try? TlogProof.parse(text) {
        _ = proof.format()
    }
    do {
        _ = try Receipt.verify(text, ledgerKey: ledgerKey)
    } catch is LedgerError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzReceipt_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
