import CLibFuzzer
import CoopBylaws
import CoopCanonicalJSON

/// The human text beside the fuzzed rules: any non-blank text will do.
let bylawsText = "# Bylaws of the Fuzzing Cooperative\n\nThe machine rules are in rules.yaml.\n"

/// libFuzzer entry: arbitrary text as the `rules.yaml` of a bylaws version (a bylaws-amendment
/// motion carries such files, and every verifier reads them). Reading must return bylaws or
/// throw `BylawsError`; rules it accepts must come back unchanged through their canonical JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let files = BylawsFiles([BylawsFiles.textFile: bylawsText, BylawsFiles.rulesFile: text])
    let bylaws: Bylaws
    do {
        bylaws = try BylawsReader.read(files)
    } catch is BylawsError {
        return 0
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    let decoded: BylawsRules
    do {
        let json = try CanonicalJSONEncoder().encode(bylaws.rules)
        decoded = try CanonicalJSONDecoder().decode(BylawsRules.self, from: json)
    } catch {
        fatalError("accepted rules do not round-trip through canonical JSON: \(error)")
    }
    if decoded != bylaws.rules {
        fatalError("the rules changed through canonical JSON: \(bylaws.rules) became \(decoded)")
    }
    return 0
}

/// `main`, as SwiftPM names it for this executable: hands over to libFuzzer's driver.
@_cdecl("FuzzBylaws_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
