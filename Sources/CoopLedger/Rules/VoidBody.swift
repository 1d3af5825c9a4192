/// `dues.void` and `equity.void`: the entry a correction reverses, and why. The entry stays in
/// the ledger; the void is linked to it by its index.
public struct VoidBody: EntryBody {
    public static let fields = fieldNames(CodingKeys.self)

    /// The index of the entry voided.
    public var entry: UInt64
    public var reason: String

    public init(entry: UInt64, reason: String) {
        self.entry = entry
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case entry, reason }
}
