/// A ledger's identifier: 32 lowercase hex characters (16 random bytes chosen at `coop init`).
///
/// Every entry names its ledger, so a statement signed for one cooperative cannot be replayed
/// into another.
public struct LedgerID: Hashable, Sendable, TextCodable {
    public static let textFormHint = "a ledger id (32 lowercase hex characters)"

    public let text: String

    /// Validates the text form; nil unless it is exactly 32 lowercase hex characters.
    public init?(_ text: String) {
        let ok =
            text.utf8.count == 32
            && text.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
            }
        guard ok else { return nil }
        self.text = text
    }

    public var description: String { text }
}
