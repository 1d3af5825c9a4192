/// One HTTP field line: a name (compared without regard to case) and its value.
public struct HTTPField: Hashable, Sendable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A plain HTTP request, as much of it as RFC 9421 signatures cover: the server and client map
/// their HTTP library's request types onto it.
///
/// The target URI is held in parts. A server must rebuild it as the client addressed it — the
/// public scheme and authority (from its configured URL, not a proxy's `Host`), and the path
/// and query exactly as received, percent-encoding untouched.
public struct SignableRequest: Hashable, Sendable {
    /// The method, case-sensitive (`GET`, `POST`).
    public var method: String
    /// `http` or `https`.
    public var scheme: String
    /// `host[:port]`.
    public var authority: String
    /// The absolute path, as sent (`/foo`); empty means `/`.
    public var path: String
    /// The query without its `?`, as sent; nil when the URI has none.
    public var query: String?
    /// The field lines, in order; repeated names allowed.
    public var fields: [HTTPField]
    /// The content.
    public var body: [UInt8]

    public init(
        method: String, scheme: String, authority: String, path: String, query: String? = nil,
        fields: [HTTPField] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fields = fields
        self.body = body
    }

    /// A request for an absolute `http(s)://authority/path?query` target URI.
    /// - Throws: `HTTPSignatureError.invalidTargetURI` for another scheme, a missing authority,
    ///   user info, a fragment, or spaces and control characters.
    public init(method: String, targetURI: String, fields: [HTTPField] = [], body: [UInt8] = []) throws {
        func invalid(_ reason: String) -> HTTPSignatureError { .invalidTargetURI(targetURI, reason: reason) }
        guard targetURI.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw invalid("it holds spaces, controls or non-ASCII") }
        guard let schemeEnd = targetURI.firstRange(of: "://") else { throw invalid("it has no scheme") }
        let scheme = targetURI[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("the scheme must be http or https") }
        var rest = targetURI[schemeEnd.upperBound...]
        guard !rest.contains("#") else { throw invalid("a target URI has no fragment") }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty else { throw invalid("the authority is empty") }
        guard !authority.contains("@") else { throw invalid("user info is not allowed") }
        rest = rest[authorityEnd...]
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        self.init(method: method, scheme: scheme, authority: authority, path: String(rest), query: query, fields: fields, body: body)
    }

    /// `scheme://authority/path[?query]`, scheme and host in lower case, default port dropped.
    public var targetURI: String {
        scheme.lowercased() + "://" + normalizedAuthority + (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "")
    }

    /// The authority as RFC 9421 §2.2.3 covers it: lower case, without the scheme's default port.
    public var normalizedAuthority: String {
        let lowered = authority.lowercased()
        let defaultPort = scheme.lowercased() == "https" ? ":443" : scheme.lowercased() == "http" ? ":80" : nil
        if let defaultPort, lowered.hasSuffix(defaultPort) { return String(lowered.dropLast(defaultPort.count)) }
        return lowered
    }

    /// This request with a field line appended.
    public func adding(_ field: HTTPField) -> SignableRequest {
        var copy = self
        copy.fields.append(field)
        return copy
    }

    /// The value of field `name` as RFC 9421 §2.1 covers it: every line with that name, each
    /// trimmed of leading and trailing spaces and tabs, joined with ", "; nil when absent.
    public func fieldValue(_ name: String) -> String? {
        let lines = fields.filter { $0.name.lowercased() == name.lowercased() }
        guard !lines.isEmpty else { return nil }
        return lines.map { trimmed($0.value) }.joined(separator: ", ")
    }

    private func trimmed(_ value: String) -> String {
        var scalars = value.unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
