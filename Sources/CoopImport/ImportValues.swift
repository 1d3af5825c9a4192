import CoopModel
import Foundation

/// Amounts as exports write them: `1234.50`, `$1,234.50`, `85`, `-85.00`, `(85.00)`.
public enum ImportMoney {
    public static func parse(_ text: String) -> Money? {
        var t = text.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        var negative = false
        if t.hasPrefix("("), t.hasSuffix(")") {
            negative = true
            t = String(t.dropFirst().dropLast())
        }
        if t.hasPrefix("-") {
            negative.toggle()
            t.removeFirst()
        }
        if !t.contains(".") { t += ".00" } else if t.split(separator: ".", omittingEmptySubsequences: false).last?.count == 1 { t += "0" }
        guard let money = Money(t) else { return nil }
        return negative ? -money : money
    }
}

/// Dates as exports write them: `2026-03-14` or `03/14/2026`.
public enum ImportDate {
    /// The forms accepted, for error texts.
    public static let formsHint = "YYYY-MM-DD or MM/DD/YYYY"

    /// The date, or nil when `text` is neither form.
    public static func parse(_ text: String) -> CivilDate? {
        if let date = CivilDate(text) { return date }
        let parts = text.split(separator: "/").map(String.init)
        if parts.count == 3, parts[2].count == 4, let date = CivilDate("\(parts[2])-\(pad(parts[0]))-\(pad(parts[1]))") { return date }
        return nil
    }

    private static func pad(_ s: String) -> String { s.count == 1 ? "0" + s : s }
}
