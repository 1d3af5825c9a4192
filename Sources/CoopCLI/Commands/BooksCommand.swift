import ArgumentParser
import CoopCanonicalJSON
import CoopLedger
import CoopModel

/// `coop books close --through DATE`: the treasurer closes a period of the books.
struct BooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "books", abstract: "Close a period of the books (treasurer): no later entry may take effect in it.",
        subcommands: [Close.self])

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close the books through a date: money and membership entries may no longer be dated on or before it (--effective).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The last day of the closed period (YYYY-MM-DD), before today.") var through: CivilDate
        @OptionGroup var write: WriteOptions

        func run() throws {
            guard let stored = try global.append(BooksCloseBody(through: through), write) else { return }
            try write.report([stored], "entry \(stored.index): the books are closed through \(through)")
        }
    }
}
