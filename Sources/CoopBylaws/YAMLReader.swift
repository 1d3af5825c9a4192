import CoopModel
import Yams

/// Reads a YAML document into typed rules, collecting every problem with its line, column and
/// rule path instead of stopping at the first (so `coop bylaws check` lists them all).
final class YAMLReader {
    let file: String
    private(set) var problems: [BylawsProblem] = []

    init(file: String) { self.file = file }

    /// Parses `text`; nil (with a problem logged) when it is not YAML or is empty.
    func document(_ text: String) -> YAMLValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problem(at: nil, path: "", "the file is empty")
                return nil
            }
            return YAMLValue(node: node, path: "", reader: self)
        } catch let error as YamlError {
            problems.append(Self.problem(from: error, file: file))
            return nil
        } catch {
            problem(at: nil, path: "", "not YAML: \(error)")
            return nil
        }
    }

    func problem(at node: Node?, path: String, _ message: String) {
        problems.append(BylawsProblem(file: file, line: node?.mark?.line, column: node?.mark?.column, path: path, message: message))
    }

    private static func problem(from error: YamlError, file: String) -> BylawsProblem {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return BylawsProblem(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, _):
            return BylawsProblem(file: file, message: "a key appears twice in one mapping: \(duplicates.joined(separator: ", "))")
        default:
            return BylawsProblem(file: file, message: "not valid YAML: \(error)")
        }
    }
}

/// One node of the document with its rule path, and typed accessors that log a problem (and
/// return nil) when the node is not of the expected form.
struct YAMLValue {
    let node: Node
    let path: String
    let reader: YAMLReader

    func fail(_ message: String) { reader.problem(at: node, path: path, message) }

    private func child(_ node: Node, _ key: String) -> YAMLValue {
        YAMLValue(node: node, path: path.isEmpty ? key : path + "." + key, reader: reader)
    }

    /// A mapping's entries in document order, keyed by their string keys.
    var mapping: YAMLMapping? {
        guard case let .mapping(m) = node else {
            fail("expected a mapping of names to values")
            return nil
        }
        var entries: [(String, YAMLValue)] = []
        for (k, v) in m {
            guard case let .scalar(s) = k else {
                reader.problem(at: k, path: path, "keys must be plain names")
                continue
            }
            entries.append((s.string, child(v, s.string)))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    var sequence: [YAMLValue]? {
        guard case let .sequence(s) = node else {
            fail("expected a list")
            return nil
        }
        return s.enumerated().map { i, n in child(n, "\(i)") }
    }

    /// The plain text of a scalar (YAML's own typing is ignored: each rule parses its own text,
    /// so `no`, `1e3` or `0x10` never silently become booleans or numbers).
    var scalar: String? {
        guard case let .scalar(s) = node else {
            fail("expected a single value")
            return nil
        }
        return s.string
    }

    var string: String? {
        guard let text = scalar else { return nil }
        guard !text.isEmpty else {
            fail("must not be empty")
            return nil
        }
        return text
    }

    var bool: Bool? {
        switch scalar {
        case "true"?: return true
        case "false"?: return false
        case nil: return nil
        case let other?:
            fail("expected true or false, not \"\(other)\"")
            return nil
        }
    }

    func int(in range: ClosedRange<Int>) -> Int? {
        guard let text = scalar else { return nil }
        guard let n = Int(text), text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            fail("expected a whole number, not \"\(text)\"")
            return nil
        }
        guard range.contains(n) else {
            fail("\(n) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return n
    }

    var money: Money? {
        guard let text = scalar else { return nil }
        guard let m = Money(text), m.cents >= 0 else {
            fail("expected an amount in dollars with cents, such as \"17.00\", not \"\(text)\"")
            return nil
        }
        return m
    }

    var ratio: Ratio? {
        guard let text = scalar else { return nil }
        guard let r = Ratio(text) else {
            fail("expected \(Ratio.textFormHint), not \"\(text)\"")
            return nil
        }
        return r
    }

    var strings: [String]? {
        guard let items = sequence else { return nil }
        let values = items.compactMap(\.string)
        return values.count == items.count ? values : nil
    }

    /// A value from a fixed set of names.
    func oneOf<T: RawRepresentable & CaseIterable>(_: T.Type) -> T? where T.RawValue == String {
        guard let text = scalar else { return nil }
        guard let v = T(rawValue: text) else {
            fail("expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
            return nil
        }
        return v
    }
}

/// A mapping being read: keys are looked up by name, and `finish` reports the keys nobody read
/// (a misspelt rule must not be ignored) and required keys that were absent.
final class YAMLMapping {
    let owner: YAMLValue
    let entries: [(String, YAMLValue)]
    private var read: Set<String> = []

    init(owner: YAMLValue, entries: [(String, YAMLValue)]) {
        self.owner = owner
        self.entries = entries
    }

    var keys: [String] { entries.map(\.0) }

    /// The value under `key`, or nil (logging a problem when `required`).
    func optional(_ key: String) -> YAMLValue? {
        read.insert(key)
        return entries.first { $0.0 == key }?.1
    }

    func required(_ key: String) -> YAMLValue? {
        guard let v = optional(key) else {
            owner.fail("missing \"\(key)\"")
            return nil
        }
        return v
    }

    /// Every entry, marking all as read (for mappings whose keys are names the bylaws choose).
    var all: [(String, YAMLValue)] {
        read.formUnion(keys)
        return entries
    }

    func finish() {
        for (key, value) in entries where !read.contains(key) {
            value.reader.problem(at: value.node, path: value.path, "unknown rule \"\(key)\" (see docs/BYLAWS.md for the schema)")
        }
    }
}
