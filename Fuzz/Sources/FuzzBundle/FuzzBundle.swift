import CLibFuzzer
import CoopExport
import CoopLedger
import Foundation

/// The ledger key of the test vectors in docs/FORMAT.md (seed 0xc8): the seed bundles' key.
let ledgerKey = "coop.ledger/00112233445566778899aabbccddeeff+c1f2cd60+AZf/yIPIC+5yN++V2bm3A9StY+YKIeYFhnaCt1uLP0MD"

/// This process's scratch bundle folder, emptied and refilled for every input: in memory
/// (/dev/shm) where there is one, since on a disk the writes and unlinks of every input were
/// three fifths of the time (perf: 62% in the kernel, 107 inputs/s).
let scratch =
    (FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory())
    + "coop-fuzz-bundle-\(ProcessInfo.processInfo.processIdentifier)"

/// libFuzzer entry: the input, cut into a bundle's files (see `BundleFraming`), is verified as
/// `coop verify --bundle DIR --ledger-key KEY [--since kept]` does. The verifier must return a
/// report or throw `LedgerError`; anything else, or a trap, is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let kept = BundleFraming.write(Array(UnsafeBufferPointer(start: data, count: size)), to: scratch)
    var options = VerifyOptions()
    options.trustedLedgerKey = ledgerKey
    options.keptCheckpoint = kept
    // One worker: the same coverage for the same input, whatever the scheduling.
    options.workers = 1
    do {
        let report = try Verifier(catalog: .cooperative).verify(try BundleSource(directory: scratch), options: options)
        if report.ok, report.entriesChecked + report.startedAt != report.size {
            fatalError("an OK report checked \(report.entriesChecked) entries after \(report.startedAt) of \(report.size)")
        }
    } catch is LedgerError {
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzBundle_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    // libFuzzer ends with exit(): the scratch folder goes with the process.
    atexit { try? FileManager.default.removeItem(atPath: scratch) }
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
