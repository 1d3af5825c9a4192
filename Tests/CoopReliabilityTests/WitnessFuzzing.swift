import CoopCrypto
import CoopTlog

/// FuzzWitness's scene and check, built into both the fuzz target and the corpus tests
/// (Fuzz/Sources/FuzzWitness/WitnessFuzzing.swift is a link to this file): one witness that
/// follows one log and has cosigned that log's checkpoint of size 4, all from fixed keys.
///
/// An input is a tlog-witness `add-checkpoint` request body. It must parse or throw
/// `WitnessProtocolError`; a parsed request must be decided (cosign, 409 conflict, or a
/// refusal with its status) against the stored record without throwing, and a cosigned record
/// must carry the witness's valid cosignature. The checkpoint it carries (and the whole input
/// read as a signed checkpoint) has its cosignature lines checked against the witness's key:
/// valid cosignatures or `CosignatureError`.
struct WitnessFuzzing {
    static let origin = "example.com/coop-fuzz-log"
    static let otherOrigin = "example.com/not-followed"
    static let timestamp: UInt64 = 1_800_000_000
    static let recordSize: UInt64 = 4

    let logKey: Ed25519.PrivateKey
    let logVerifier: NoteVerifierKey
    let cosigner: Cosigner
    let witness: Witness
    let tree: InMemoryMerkleTree
    /// The checkpoint of size 4, signed by the log and cosigned by the witness.
    let record: SignedCheckpoint

    static func key(_ n: UInt8) throws -> Ed25519.PrivateKey {
        var seed = [UInt8](repeating: n, count: 32)
        return try Ed25519.PrivateKey(seed: SecretBytes(consuming: &seed))
    }

    init() throws {
        logKey = try Self.key(0x57)
        logVerifier = try NoteVerifierKey(name: Self.origin, publicKey: logKey.publicKey)
        cosigner = try Cosigner(name: "witness.example.com/fuzz", privateKey: try Self.key(0x58))
        witness = try Witness(cosigners: [cosigner], logs: [Self.origin: [logVerifier]])
        tree = InMemoryMerkleTree(leafHashes: (0..<16).map { Merkle.leafHash(Array("leaf \($0)".utf8)) })
        let first = try Checkpoint(origin: Self.origin, size: Self.recordSize, rootHash: try Merkle.root(size: Self.recordSize, source: tree))
        record = try SignedCheckpoint(signing: first, privateKey: logKey, keyName: Self.origin)
            .cosigned(by: cosigner, timestamp: Self.timestamp - 60)
    }

    /// The log's checkpoint of the first `size` leaves (root `root` if given), signed by `key`.
    func signed(size: UInt64, origin: String = WitnessFuzzing.origin, root: SHA256Digest? = nil, key: Ed25519.PrivateKey? = nil) throws
        -> SignedCheckpoint
    {
        let checkpoint = try Checkpoint(origin: origin, size: size, rootHash: try root ?? Merkle.root(size: size, source: tree))
        return try SignedCheckpoint(signing: checkpoint, privateKey: key ?? logKey, keyName: origin)
    }

    /// The request from `old` to the log's checkpoint of `size`, with the real consistency proof.
    func request(old: UInt64, size: UInt64) throws -> AddCheckpointRequest {
        let proof = old == 0 ? [] : try Merkle.consistencyProof(from: old, to: size, source: tree)
        return try AddCheckpointRequest(oldSize: old, consistencyProof: proof, checkpoint: try signed(size: size))
    }

    /// Real request bodies, each with the answer the witness gives it (the corpus's seeds).
    func seeds() throws -> [(name: String, status: Int, body: String)] {
        let forked = try signed(size: 4, root: Merkle.leafHash(Array("fork".utf8)))
        let stranger = try signed(size: 8, key: try Self.key(0x59))
        let cosignedAgain = try request(old: 4, size: 8).checkpoint.cosigned(by: cosigner, timestamp: Self.timestamp - 30)
        return [
            ("seed-witness-cosign", 200, try request(old: 4, size: 8).body()),
            ("seed-witness-cosign-same-size", 200, try request(old: 4, size: 4).body()),
            ("seed-witness-cosign-16", 200, try request(old: 4, size: 16).body()),
            ("seed-witness-conflict", 409, try request(old: 0, size: 8).body()),
            ("seed-witness-fork", 422, try AddCheckpointRequest(oldSize: 4, consistencyProof: [], checkpoint: forked).body()),
            ("seed-witness-bad-proof", 422, try AddCheckpointRequest(oldSize: 4, consistencyProof: [tree.root()], checkpoint: try signed(size: 8)).body()),
            ("seed-witness-untrusted", 403, try AddCheckpointRequest(oldSize: 4, consistencyProof: [], checkpoint: stranger).body()),
            (
                "seed-witness-unknown-origin", 404,
                try AddCheckpointRequest(oldSize: 0, consistencyProof: [], checkpoint: try signed(size: 2, origin: Self.otherOrigin)).body()
            ),
            ("seed-witness-old-after", 400, try AddCheckpointRequest(oldSize: 9, consistencyProof: [], checkpoint: try signed(size: 8)).body()),
            (
                "seed-witness-cosigned", 200,
                try AddCheckpointRequest(oldSize: 4, consistencyProof: try Merkle.consistencyProof(from: 4, to: 8, source: tree), checkpoint: cosignedAgain)
                    .body()
            ),
        ]
    }

    /// Judges one input; returns what is wrong (a bug), or nil. `status` is the answer given
    /// (nil when the body did not parse).
    func check(_ bytes: [UInt8]) -> (status: Int?, problem: String?) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let problem = checkCosignatures(text) { return (nil, problem) }
        let request: AddCheckpointRequest
        do {
            request = try AddCheckpointRequest.parse(bytes)
        } catch is WitnessProtocolError {
            return (nil, nil)
        } catch {
            return (nil, "parse threw \(type(of: error)): \(error)")
        }
        if let problem = checkCosignatures(request.checkpoint.format()) { return (nil, problem) }
        let latest = request.checkpoint.checkpoint.origin == Self.origin ? record : nil
        let decision: WitnessDecision
        do {
            decision = try witness.decide(request, latest: latest, timestamp: Self.timestamp)
        } catch {
            return (nil, "decide threw \(type(of: error)) for a parsed request: \(error)")
        }
        return (decision.status, judge(decision, request))
    }

    private func judge(_ decision: WitnessDecision, _ request: AddCheckpointRequest) -> String? {
        switch decision {
        case let .cosign(response, stored):
            guard request.oldSize == Self.recordSize, stored.checkpoint == request.checkpoint.checkpoint else {
                return "cosigned a request from old size \(request.oldSize) (the record is \(Self.recordSize))"
            }
            do {
                try stored.verify(key: logVerifier, origin: Self.origin)
                let valid = try stored.verifiedCosignatures(witnesses: witness.keys)
                guard valid.map(\.timestamp) == [Self.timestamp] else { return "the stored record's cosignatures are \(valid)" }
                guard try AddCheckpointResponse.parse(response.body()) == response else { return "the response does not round-trip" }
            } catch {
                return "a cosigned record does not verify: \(error)"
            }
        case let .conflict(conflict):
            guard request.oldSize != Self.recordSize || request.checkpoint.checkpoint.origin != Self.origin,
                conflict.latestSize == (request.checkpoint.checkpoint.origin == Self.origin ? Self.recordSize : 0)
            else { return "a 409 for old size \(request.oldSize) naming \(conflict.latestSize)" }
        case let .reject(rejection):
            guard [400, 403, 404, 422].contains(rejection.status) else { return "a refusal with status \(rejection.status)" }
        }
        return nil
    }

    /// `text` as a signed checkpoint: its cosignature lines verify against the witness's key (the
    /// latest at most as late as the clock) or throw `CosignatureError`.
    private func checkCosignatures(_ text: String) -> String? {
        guard let checkpoint = try? SignedCheckpoint.parse(text) else { return nil }
        do {
            let valid = try checkpoint.verifiedCosignatures(witnesses: witness.keys + [cosigner.key], notAfter: Self.timestamp)
            guard valid.count <= 1, valid.allSatisfy({ $0.timestamp <= Self.timestamp }) else { return "cosignatures \(valid)" }
            _ = try WitnessPolicy(witnesses: witness.keys, threshold: 1).check(checkpoint)
        } catch is CosignatureError {
        } catch {
            return "verifiedCosignatures threw \(type(of: error)): \(error)"
        }
        return nil
    }
}
