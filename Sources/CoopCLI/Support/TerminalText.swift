import Foundation

/// Text from the ledger made safe to print: whatever a member wrote cannot move the cursor,
/// change colours, start a new line that looks like coop's own output, or reverse the text
/// after it. Control characters and Unicode's bidirectional formatting characters are shown as
/// escapes (`\n`, `\u{1B}`, `\u{202E}`), so an auditor sees exactly what was signed.
enum TerminalText {
    /// One line: every control and bidirectional formatting character escaped (line feeds too).
    static func safe(oneLine text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default:
                if needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Several lines, each prefixed with `indent` so none can pass for a line of coop's own
    /// output; other control and bidirectional characters escaped.
    static func safe(block text: String, indent: String = "    ") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { indent + safe(oneLine: String($0)).replacingOccurrences(of: "\\t", with: "\t") }
            .joined(separator: "\n")
    }

    /// C0 and C1 controls, DEL, bidirectional formatting characters, line and paragraph
    /// separators.
    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029
    }
}
