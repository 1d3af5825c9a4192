import CLibFuzzer
import CoopCanonicalJSON
import CoopLedger

/// libFuzzer entry: an entry line goes through the real decode path (line split, ledger time,
/// signatures' base64, canonical JSON, statement fields, signature checks) and must throw
/// `LedgerError`. A statement the common-layout reader reads must be the one the general
/// reader gives.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let line = try? LogEntry(lineBytes: bytes), let fast = StatementLayout.read(line.signed.statementBytes) {
        guard let general = try? Statement(json: CanonicalJSON.decodeCanonical(line.signed.statementBytes)), general == fast else {
            fatalError("the common-layout statement reader and the general one disagree")
        }
    }
    do {
        let decoded = try LogEntry(lineBytes: bytes).decode()
        guard decoded.entry.lineBytes.elementsEqual(bytes) else {
            fatalError("a decoded entry does not give back its line")
        }
    } catch is LedgerError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzEntry_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
