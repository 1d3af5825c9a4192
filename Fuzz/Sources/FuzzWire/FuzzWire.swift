import CLibFuzzer
import CoopAPI
import CoopLedger
import CoopTlog
import Foundation

/// libFuzzer entry for what `coop serve` and replicas read from the network: the first byte
/// picks the reader (a post body, a coop entry bundle, a leaf, a split-view evidence file);
/// each must either parse and round-trip, or throw its own error type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = all.first else { return 0 }
    let bytes = Array(all.dropFirst())
    switch selector % 4 {
    case 0:
        do {
            let entries = try PostBody.entries(bytes)
            let again = try PostBody.entries(PostBody.bytes(entries))
            guard again == entries else { fatalError("a post body does not round-trip") }
        } catch is APIError {
        } catch {
            fatalError("unexpected error type: \(error)")
        }
    case 1:
        let count = Int(bytes.first ?? 0) + 1
        do {
            let leaves = try CoopEntryBundle.leaves(Array(bytes.dropFirst()), count: count)
            guard CoopEntryBundle.bytes(leaves) == Array(bytes.dropFirst()) else { fatalError("a bundle does not round-trip") }
        } catch is TileError {
        } catch {
            fatalError("unexpected error type: \(error)")
        }
    case 2:
        do {
            let entry = try LogEntry(leaf: bytes)
            guard entry.leaf == bytes else { fatalError("a leaf does not round-trip") }
            _ = try? entry.decode()
        } catch is LedgerError {
        } catch {
            fatalError("unexpected error type: \(error)")
        }
    default:
        guard let evidence = try? JSONDecoder().decode(SplitViewEvidence.self, from: Data(bytes)) else { return 0 }
        do {
            _ = try evidence.check()
        } catch is SplitViewEvidence.Problem {
        } catch {
            fatalError("unexpected error type: \(error)")
        }
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzWire_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
