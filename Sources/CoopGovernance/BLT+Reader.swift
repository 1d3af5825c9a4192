/// An election read from a BLT file.
public struct BLTElection: Hashable, Sendable {
    public var title: String
    public var candidates: [String]
    public var seats: Int
    /// Withdrawn candidates' positions (from 0); coop never writes any.
    public var withdrawn: [Int]
    /// One ballot per paper (a line of weight 3 gives three), empty rankings included.
    public var ballots: [RankedBallot]
}

/// Why a BLT file could not be read; `line` counts from 1.
public enum BLTError: Error, Equatable, Sendable, CustomStringConvertible {
    case unexpectedEnd(expected: String)
    case invalid(line: Int, found: String, expected: String)
    /// An extension of the format coop does not read (equal or skipped rankings, ballot ids, options).
    case unsupported(line: Int, found: String, feature: String)
    case candidateOutOfRange(line: Int, number: Int, candidates: Int)
    case repeatedCandidate(line: Int, number: Int)
    case tooManyBallots(limit: Int)
    case trailing(line: Int, found: String)

    public var description: String {
        switch self {
        case .unexpectedEnd(let expected):
            return "the BLT file ends where \(expected) should be; the file is cut short"
        case .invalid(let line, let found, let expected):
            return "line \(line): found \(found.debugDescription) where \(expected) should be; fix the file there"
        case .unsupported(let line, let found, let feature):
            return "line \(line): \(found.debugDescription) uses \(feature), which coop does not read; write strict rankings only"
        case .candidateOutOfRange(let line, let number, let candidates):
            return "line \(line): candidate \(number) does not exist (the file declares \(candidates)); fix the ballot"
        case .repeatedCandidate(let line, let number):
            return "line \(line): candidate \(number) is ranked twice on one ballot; rank each candidate at most once"
        case .tooManyBallots(let limit):
            return "the BLT file holds more than \(limit) ballots; split it or raise the limit"
        case .trailing(let line, let found):
            return "line \(line): unexpected \(found.debugDescription) after the title; the title must be the last item"
        }
    }
}

extension BLT {
    /// Reads a BLT file: the original format plus `#` comments and a withdrawn line; refuses
    /// equal rankings, skipped rankings, ballot ids and bracketed options.
    public static func read(_ text: String, maxBallots: Int = 10_000_000) throws -> BLTElection {
        var tokens = BLTTokens(text)
        func integer(_ expected: String) throws -> (Int, Int) {
            guard let token = try tokens.next() else { throw BLTError.unexpectedEnd(expected: expected) }
            guard !token.quoted else { throw BLTError.invalid(line: token.line, found: token.text, expected: expected) }
            if token.text.contains("=") { throw BLTError.unsupported(line: token.line, found: token.text, feature: "equal rankings") }
            if token.text == "-" { throw BLTError.unsupported(line: token.line, found: token.text, feature: "skipped rankings") }
            if token.text.hasPrefix("(") { throw BLTError.unsupported(line: token.line, found: token.text, feature: "ballot ids") }
            if token.text.hasPrefix("[") { throw BLTError.unsupported(line: token.line, found: token.text, feature: "options") }
            guard let n = Int(token.text), token.text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
                throw BLTError.invalid(line: token.line, found: token.text, expected: expected)
            }
            return (n, token.line)
        }
        func quoted(_ expected: String) throws -> String {
            guard let token = try tokens.next() else { throw BLTError.unexpectedEnd(expected: expected) }
            guard token.quoted else { throw BLTError.invalid(line: token.line, found: token.text, expected: expected) }
            return token.text
        }

        let (candidates, l1) = try integer("the number of candidates")
        guard candidates >= 1 else { throw BLTError.invalid(line: l1, found: String(candidates), expected: "at least 1 candidate") }
        let (seats, l2) = try integer("the number of seats")
        guard seats >= 1 else { throw BLTError.invalid(line: l2, found: String(seats), expected: "at least 1 seat") }
        var withdrawn: [Int] = []
        var ballots: [RankedBallot] = []
        var (first, line) = try integer("a ballot weight or the end-of-ballots 0")
        while first < 0 {
            guard -first <= candidates else { throw BLTError.candidateOutOfRange(line: line, number: -first, candidates: candidates) }
            withdrawn.append(-first - 1)
            (first, line) = try integer("a ballot weight or the end-of-ballots 0")
        }
        var weight = first
        while weight != 0 {
            var ranking: [Int] = []
            while true {
                let (c, at) = try integer("a candidate number or the end-of-ballot 0")
                if c == 0 { break }
                guard c >= 1, c <= candidates else { throw BLTError.candidateOutOfRange(line: at, number: c, candidates: candidates) }
                guard !ranking.contains(c - 1) else { throw BLTError.repeatedCandidate(line: at, number: c) }
                ranking.append(c - 1)
            }
            guard weight <= maxBallots - ballots.count else { throw BLTError.tooManyBallots(limit: maxBallots) }
            ballots += Array(repeating: RankedBallot(ranking), count: weight)
            (weight, line) = try integer("a ballot weight or the end-of-ballots 0")
            guard weight >= 0 else { throw BLTError.invalid(line: line, found: String(weight), expected: "a ballot weight of at least 1") }
        }
        var names: [String] = []
        for i in 1...candidates { names.append(try quoted("the quoted name of candidate \(i)")) }
        let title = try quoted("the quoted title")
        if let extra = try tokens.next() { throw BLTError.trailing(line: extra.line, found: extra.text) }
        return BLTElection(title: title, candidates: names, seats: seats, withdrawn: withdrawn, ballots: ballots)
    }
}

/// Splits BLT text into bare and quoted tokens with their line numbers; `#` starts a comment.
struct BLTTokens {
    struct Token {
        var text: String
        var quoted: Bool
        var line: Int
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    mutating func next() throws -> Token? {
        while index < scalars.count {
            let s = scalars[index]
            if s == "\n" {
                line += 1
                index += 1
            } else if s == " " || s == "\t" || s == "\r" || s == "\u{FEFF}" {
                index += 1
            } else if s == "#" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else {
                break
            }
        }
        guard index < scalars.count else { return nil }
        var text = String.UnicodeScalarView()
        if scalars[index] == "\"" {
            index += 1
            while index < scalars.count, scalars[index] != "\"" {
                guard scalars[index] != "\n" else { throw BLTError.invalid(line: line, found: String(text), expected: "a closing quote") }
                text.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { throw BLTError.unexpectedEnd(expected: "a closing quote") }
            index += 1
            return Token(text: String(text), quoted: true, line: line)
        }
        while index < scalars.count, !" \t\r\n\"#".unicodeScalars.contains(scalars[index]) {
            text.append(scalars[index])
            index += 1
        }
        return Token(text: String(text), quoted: false, line: line)
    }
}
