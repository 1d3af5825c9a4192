import CYaml
import CoopCanonicalJSON
import CoopModel
import Yams

/// Reads a YAML document into typed rules, collecting every problem with its line, column and
/// rule path instead of stopping at the first (so `coop bylaws check` lists them all).
final class YAMLReader {
    let file: String
    private(set) var problems: [BylawsProblem] = []
    /// The most text the rules may hold in all, counting each use of an alias again: the rules
    /// are written out as canonical JSON (1 MiB at most), and aliases could otherwise make a
    /// small file read as rules far larger than it.
    static let textLimit = 256 << 10
    /// Text read so far (`YAMLValue.string`).
    var textRead = 0

    init(file: String) { self.file = file }

    /// Parses `text`; nil (with a problem logged) when it is not YAML or is empty.
    func document(_ text: String) -> YAMLValue? {
        if let mark = Self.firstKeyNotPlain(in: text) {
            problems.append(
                BylawsProblem(file: file, line: mark.line, column: mark.column, message: "keys must be plain names, not aliases, lists or mappings"))
            return nil
        }
        do {
            // No implicit typing (`.basic`): rules read their own text, so keys are compared as
            // the names they are (Yams' default typing made `yes` and `"yes"` two keys, a
            // boolean and a string), and no scalar is matched against YAML's type patterns
            // (regular expressions, run again each time a key was hashed). UTF-8 is named, not
            // looked up in the environment on every read.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
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

    /// Where the first mapping key that is not a plain scalar (an alias, a list or a mapping)
    /// starts, found with libyaml's event parser before Yams composes the document: Yams finds
    /// duplicate keys by hashing them whole, which expands an alias key in full (ten levels of
    /// aliases make 10^10 nodes). Nil when every key is a scalar, or when the text is not YAML
    /// (Yams then says why).
    static func firstKeyNotPlain(in text: String) -> (line: Int, column: Int)? {
        guard !text.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return Array(text.utf8).withUnsafeBufferPointer { bytes -> (line: Int, column: Int)? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            // Each open collection: a list, or a mapping whose next node is a key or a value.
            enum Open { case list, key, value }
            var open: [Open] = []
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let type = event.type
                switch type {
                case YAML_SCALAR_EVENT, YAML_ALIAS_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    if open.last == .key, type != YAML_SCALAR_EVENT {
                        return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
                    }
                    if let last = open.last, last != .list { open[open.count - 1] = last == .key ? .value : .key }
                    if type == YAML_SEQUENCE_START_EVENT { open.append(.list) }
                    if type == YAML_MAPPING_START_EVENT { open.append(.key) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    _ = open.popLast()
                case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
                    return nil
                default:
                    break
                }
            }
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
        // The rules are written out as canonical JSON (`coop bylaws show --json`, patronage
        // results), which carries only NFC text of bounded length: refuse here what it could
        // not carry, such as a "\u0301" escape after a letter.
        guard (try? CanonicalJSON.encode(.string(text))) != nil else {
            let limit = CanonicalJSONOptions.default.maxStringLength >> 10
            fail("expected text in Unicode Normalization Form C (NFC) of at most \(limit) KiB")
            return nil
        }
        let before = reader.textRead
        reader.textRead += text.utf8.count
        guard reader.textRead <= YAMLReader.textLimit else {
            // Said once, where the limit is crossed; the rules are refused either way.
            if before <= YAMLReader.textLimit {
                fail("the rules hold more than \(YAMLReader.textLimit >> 10) KiB of text (aliases count each time they are used): shorten them")
            }
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
