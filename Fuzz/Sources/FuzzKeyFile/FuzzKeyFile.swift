import CLibFuzzer
import CoopCrypto

/// The one KDF line the fuzzer lets reach Argon2id: libsodium's minimum limits, so a run
/// costs microseconds, not the up to 1 GiB a hostile file may legitimately ask for.
let minimumKDFLine = "\nkdf: argon2id13 ops=1 mem=8192\n"

/// libFuzzer entry: arbitrary text as a key file; decryption with a fixed passphrase (that of
/// Tests/CoopCryptoTests/Vectors/keyfile-v1-test1.txt, so the seed decrypts) only when the file
/// passed the parser and asks for the minimum limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try KeyFile.publicKey(of: text)
        _ = try KeyFile.name(of: text)
    } catch is CryptoError {
        return 0
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    guard text.contains(minimumKDFLine) else { return 0 }
    var pass = Array("coop test vector".utf8)
    do {
        _ = try KeyFile.open(text, passphrase: SecretBytes(consuming: &pass))
    } catch is CryptoError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzKeyFile_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
