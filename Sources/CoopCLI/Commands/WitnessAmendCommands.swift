import ArgumentParser
import CoopBylaws
import CoopLedger
import Foundation

/// What `coop witness add` and `coop witness remove` share: the motion's title and text, and
/// proposing the bylaws with the changed witnesses section as an amendment.
struct WitnessAmendmentOptions: ParsableArguments {
    @Option(help: "The number of listed witnesses whose cosignatures every checkpoint needs (default: unchanged, at most the number listed).")
    var threshold: Int?
    @Option(help: "A short title for the motion.") var title: String?
    @Option(help: "A file holding the motion's full text (default: a sentence saying what changes).") var text: String?
    @Option(help: "Also write the amended bylaws folder here (to read or keep).") var bylawsOut: String?

    /// Proposes the current bylaws with `witnesses` (and the threshold) as a bylaws amendment.
    func propose(_ global: GlobalOptions, _ write: WriteOptions, change: String, _ edit: (inout [WitnessRule]) throws -> Void) throws {
        let state = try global.openLedger(readOnly: true).state()
        guard let bylaws = state.bylaws else { throw CLIError.invalidArgument("this ledger has no machine bylaws to amend") }
        var rules = bylaws.rules.witnessRules
        try edit(&rules.witnesses)
        rules.threshold = threshold ?? min(rules.threshold, rules.witnesses.count)
        guard (0...rules.witnesses.count).contains(rules.threshold) else {
            throw CLIError.invalidArgument("--threshold must be 0…\(rules.witnesses.count), the number of witnesses listed")
        }
        let files = bylaws.files.replacingWitnesses(with: rules)
        _ = try BylawsReader.read(files)  // every problem named now, not at the vote
        if let bylawsOut {
            try FileManager.default.createDirectory(atPath: bylawsOut, withIntermediateDirectories: true)
            for (name, content) in files.files { try content.write(toFile: bylawsOut + "/" + name, atomically: true, encoding: .utf8) }
        }
        let motionText: String
        if let text {
            guard let data = FileManager.default.contents(atPath: text) else { throw CLIError.unreadable(path: text, reason: "no such file or not readable") }
            motionText = String(decoding: data, as: UTF8.self)
        } else {
            motionText =
                "Resolved: the bylaws are amended: \(change); checkpoints then need \(rules.threshold) of \(rules.witnesses.count) witnesses' cosignatures.\n"
        }
        var body = MotionProposeBody(kind: .bylawsAmendment, title: title ?? "Witnesses: \(change)", text: motionText)
        body.bylawsFiles = files
        guard let stored = try global.append(body, write) else { return }
        try write.report([stored], stored.motion?.description ?? "entry \(stored.index)")
    }
}

extension WitnessCommand {
    /// `coop witness add NAME --vkey VKEY --url URL`: propose a bylaws amendment adding a witness.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a bylaws amendment that adds a witness (a motion: it takes effect when the members pass it). Prints the motion id.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The witness's name (its key name).") var name: String
        @Option(help: "Its cosignature vkey (NAME+KEYID+BASE64, from 'coop witness key new') or ed25519:BASE64.") var vkey: String
        @Option(help: "Where it answers POST /add-checkpoint (http(s)://HOST[:PORT]).") var url: String
        @OptionGroup var amendment: WitnessAmendmentOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            try amendment.propose(global, write, change: "add the witness \(name) (\(url))") { list in
                guard !list.contains(where: { $0.name == name }) else {
                    throw CLIError.invalidArgument("the bylaws already list a witness named \(name); remove it first to change it")
                }
                list.append(WitnessRule(name: name, vkey: vkey, url: url))
            }
        }
    }

    /// `coop witness remove NAME`: propose a bylaws amendment removing a witness.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Propose a bylaws amendment that removes a witness (a motion). Checkpoints cosigned before keep being judged under the witnesses then in force."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The witness's name, as the bylaws list it.") var name: String
        @OptionGroup var amendment: WitnessAmendmentOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            try amendment.propose(global, write, change: "remove the witness \(name)") { list in
                guard list.contains(where: { $0.name == name }) else {
                    throw CLIError.invalidArgument("the bylaws list no witness named \(name) (they list: \(list.map(\.name).joined(separator: ", ")))")
                }
                list.removeAll { $0.name == name }
            }
        }
    }
}
