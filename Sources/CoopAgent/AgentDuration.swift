/// Reads idle timeouts as `coop agent start --idle-timeout` takes them: a whole number followed
/// by `s`, `m` or `h` (seconds when there is no unit); 0 means never.
public enum AgentDuration {
    /// The longest timeout: a week.
    static let maximumSeconds: Int64 = 7 * 24 * 3600

    /// The duration `text` names, nil for 0 (never).
    /// - Throws: `AgentError.invalidDuration` for anything else.
    public static func parse(_ text: String) throws(AgentError) -> Duration? {
        let unit = text.last.flatMap { "smh".contains($0) ? $0 : nil }
        let digits = unit == nil ? Substring(text) : text.dropLast()
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.count <= 9, let n = Int64(digits) else {
            throw .invalidDuration(text)
        }
        let seconds: Int64 = n * (unit == "h" ? 3600 : unit == "m" ? 60 : 1)
        guard seconds <= maximumSeconds else { throw .invalidDuration(text) }
        return seconds == 0 ? nil : .seconds(seconds)
    }

    /// `duration` as the flag takes it (`15m`, `90s`), or "never".
    public static func text(_ duration: Duration?) -> String {
        guard let seconds = duration?.components.seconds else { return "never" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
