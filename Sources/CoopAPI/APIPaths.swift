import CoopCrypto

/// The HTTP API of `coop serve` (docs/API.md): every path the server answers, relative to the
/// remote's URL (which may carry a prefix).
public enum APIPaths {
    /// `GET`: the newest signed checkpoint (C2SP tlog-checkpoint), `text/plain; charset=utf-8`.
    public static let checkpoint = "checkpoint"
    /// `GET tile/<L>/<N>[.p/<W>]`: hash tiles; `GET tile/entries/<N>[.p/<W>]`: tlog-tiles entry
    /// bundles (16-bit lengths); `GET coop/entries/<N>[.p/<W>]`: coop's bundles (32-bit).
    public static let tilePrefix = "tile/"
    public static let coopEntriesPrefix = "coop/entries/"
    /// `POST`: signed entries, the bytes `coop … --out` writes (one line per entry, all or none).
    public static let entries = "coop/entries"
    /// The query item asking a post to wait for a checkpoint that covers it.
    public static let waitForCheckpoint = "wait=checkpoint"

    /// The media types served.
    public static let checkpointType = "text/plain; charset=utf-8"
    public static let tileType = "application/octet-stream"
    public static let entriesType = "application/x-coop-entries"
    public static let jsonType = "application/json"
}

/// The keyid of a key in a signed read (docs/API.md §3): `sha256:` and the lower-case hex of
/// SHA-256 of the 32-byte Ed25519 public key. Server and client compute it here, once.
public enum ReadKeyID {
    public static func fingerprint(_ key: Ed25519.PublicKey) -> String { "sha256:" + SHA256.hash(key.bytes).hex }
}
