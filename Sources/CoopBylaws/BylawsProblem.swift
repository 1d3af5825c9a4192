/// One thing wrong with a bylaws folder, with where it is: `rules.yaml:12:7: dues.tiers.staff.monthly: ...`.
public struct BylawsProblem: Hashable, Sendable, CustomStringConvertible, Codable {
    public var file: String
    /// 1-based line and column; nil when the problem concerns the whole file.
    public var line: Int?
    public var column: Int?
    /// The dotted path of the rule (`dues.tiers.staff.monthly`); empty for the file itself.
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return location + ": " + (path.isEmpty ? "" : path + ": ") + message
    }
}

/// Why bylaws could not be read.
public enum BylawsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The folder or a file in it could not be read.
    case unreadable(path: String, reason: String)
    /// The rules fail validation; every problem found is listed.
    case invalid([BylawsProblem])

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read the bylaws at \(path): \(reason)"
        case let .invalid(problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the bylaws have \(count) (fix them, then run 'coop bylaws check'):\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
        }
    }
}
