import CoopBylaws
import CoopTlog

extension LedgerState {
    /// Why the signed checkpoint `note` does not meet the witness policy of the bylaws in force
    /// in this state (nil when it does, or when the bylaws require no witness): what `pull`,
    /// `clone` and `verify-receipt` refuse unless told `--allow-unwitnessed` (FORMAT.md §6.1).
    public func witnessShortfall(_ note: String) -> String? {
        let rules = bylaws?.rules.witnessRules ?? .none
        guard rules.threshold > 0 else { return nil }
        do {
            guard let policy = try rules.policy() else { return nil }
            try policy.check(try SignedCheckpoint.parse(note))
            return nil
        } catch {
            return
                "the checkpoint of size \(String((try? SignedCheckpoint.parse(note))?.checkpoint.size ?? 0)) does not meet the bylaws' witness policy: \(error)"
        }
    }
}
