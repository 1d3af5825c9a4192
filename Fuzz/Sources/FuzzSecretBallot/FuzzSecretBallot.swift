import CLibFuzzer
import CoopSecretBallot

/// The election of docs/SECRET-BALLOTS.md §10, decoded once: see `SecretBallotFuzzing`.
let scene: SecretBallotFuzzing = {
    do {
        return try SecretBallotFuzzing()
    } catch {
        fatalError("the secret-ballot scene cannot be built: \(error)")
    }
}()

/// libFuzzer entry: a selector byte and a secret-ballot value (ballot, partial decryption,
/// trustee key, dealing or tally) in canonical JSON, decoded and verified (`SecretBallotFuzzing.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = scene.check(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(problem)
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzSecretBallot_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
