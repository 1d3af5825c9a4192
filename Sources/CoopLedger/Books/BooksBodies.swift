import CoopModel

/// `books.close`.
public struct BooksCloseBody: SingleTypeBody {
    public static let entryType = EntryType.booksClose
    public static let fields = fieldNames(CodingKeys.self)

    public var through: CivilDate

    public init(through: CivilDate) { self.through = through }

    enum CodingKeys: String, CodingKey, CaseIterable { case through }
}
