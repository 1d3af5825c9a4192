import ArgumentParser
import CoopLedger
import CoopModel

/// `coop correct ENTRY --reason R`: undo a money entry recorded by mistake with a correcting
/// entry linked to it (nothing is edited or deleted); other entries get the remedy that fits.
struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract:
            "Void a dues payment, waiver or refund, or a share payment, recorded by mistake (a linked reversing entry), or say how to correct another entry.",
        discussion: """
            The voided entry stays in the ledger; statements show it as VOID, and the books reverse it on its own date. \
            Whoever may record that kind of movement (the bylaws' officers table) may void it, once, and not inside \
            closed books.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The index of the entry to correct.") var entry: UInt64
    @Option(help: "Why (shown in statements and the books).") var reason: String
    @OptionGroup var write: WriteOptions

    func run() throws {
        let ledger = try global.openLedger(readOnly: true)
        let size = try ledger.store.size()
        guard entry < size else { throw CLIError.invalidArgument("there is no entry \(entry): the ledger holds entries 0…\(size - 1)") }
        let type = try ledger.store.entry(at: entry).decode().statement.type
        switch type {
        case .duesPay, .duesWaive, .duesRefund:
            guard let stored = try global.append(.duesVoid, VoidBody(entry: entry, reason: reason), write) else { return }
            try write.report([stored], "entry \(stored.index): entry \(entry) (\(type)) voided")
        case .equityShare:
            guard let stored = try global.append(.equityVoid, VoidBody(entry: entry, reason: reason), write) else { return }
            try write.report([stored], "entry \(stored.index): entry \(entry) (\(type)) voided")
        default:
            throw CLIError.invalidArgument("entry \(entry) is \(type): \(Self.remedy(for: type))")
        }
    }

    /// What corrects an entry that is not voided.
    static func remedy(for type: EntryType) -> String {
        switch type {
        case .patronageCommit:
            return "a committed patronage year is not reopened; the members correct it in a later year's allocation, "
                + "approved by a patronage-approval motion"
        case .motionClose:
            return "a closed motion stands; propose a new motion to rescind or amend what it decided"
        case .equityRedeem:
            return "a redemption is not voided (the money went out); if it was wrong, the member pays it back as a share "
                + "payment, or the board records what corrects it"
        default:
            return "only dues payments, waivers, refunds and share payments are voided; record what corrects it ('coop note \"…\" "
                + "--subject \"entry N\"' for a statement, or the entry that undoes it)"
        }
    }
}
