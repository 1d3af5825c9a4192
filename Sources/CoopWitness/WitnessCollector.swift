import AsyncHTTPClient
import CoopCrypto
import CoopTlog
import Foundation
import NIOCore
import NIOHTTP1

/// Asks witnesses to cosign a checkpoint (c2sp.org/tlog-witness, the log's side): each gets
/// the checkpoint with the old size it last cosigned and a consistency proof from there; a 409
/// teaches the witness's size and the request is sent once more. Witnesses are asked in
/// parallel, each within `timeout`; one that is down or refuses is reported, never waited on
/// longer.
public struct WitnessCollector: Sendable {
    /// What one witness answered.
    public enum Outcome: Sendable, Hashable {
        /// It cosigned (the verified cosignature).
        case cosigned(Cosignature)
        /// It did not (what happened, for a person).
        case failed(String)
    }

    /// The consistency proof from the first size to the second (sizes ≥ 1, first ≤ second).
    public typealias ProofSource = @Sendable (UInt64, UInt64) throws -> [SHA256Digest]

    public let witnesses: [WitnessEndpoint]
    /// Seconds allowed per request.
    public let timeout: Int64

    public init(witnesses: [WitnessEndpoint], timeout: Int64 = 5) {
        self.witnesses = witnesses
        self.timeout = timeout
    }

    /// Asks every witness to cosign `checkpoint`. `oldSizes` gives, per witness name, the size
    /// it is believed to have cosigned last (missing: 0); a wrong guess costs one 409.
    /// Returns the outcome per witness name and the checkpoint with every cosignature added.
    public func collect(
        _ checkpoint: SignedCheckpoint, oldSizes: [String: UInt64], proof: @escaping ProofSource
    ) async -> (cosigned: SignedCheckpoint, outcomes: [String: Outcome]) {
        let outcomes = await withTaskGroup(of: (String, Outcome).self) { group in
            for witness in witnesses {
                group.addTask {
                    (witness.name, await self.ask(witness, checkpoint, oldSize: oldSizes[witness.name] ?? 0, proof: proof))
                }
            }
            var all: [String: Outcome] = [:]
            for await (name, outcome) in group { all[name] = outcome }
            return all
        }
        let cosignatures = witnesses.compactMap { witness -> Cosignature? in
            if case let .cosigned(cosignature) = outcomes[witness.name] { return cosignature }
            return nil
        }
        let cosigned = (try? checkpoint.adding(cosignatures: cosignatures)) ?? checkpoint
        return (cosigned, outcomes)
    }

    /// One witness: send, and on a 409 send once more from the size it names.
    func ask(_ witness: WitnessEndpoint, _ checkpoint: SignedCheckpoint, oldSize: UInt64, proof: ProofSource) async -> Outcome {
        var old = min(oldSize, checkpoint.checkpoint.size)
        for attempt in 0..<2 {
            let answer: (status: Int, body: [UInt8])
            do {
                let lines = old == 0 || old == checkpoint.checkpoint.size ? [] : try proof(old, checkpoint.checkpoint.size)
                let request = try AddCheckpointRequest(oldSize: old, consistencyProof: lines, checkpoint: checkpoint)
                answer = try await post(request.body(), to: witness.url + "/add-checkpoint")
            } catch {
                return .failed("\(error)")
            }
            switch answer.status {
            case 200:
                return accept(answer.body, from: witness, checkpoint)
            case 409:
                guard attempt == 0, let conflict = try? WitnessConflict.parse(answer.body) else {
                    return .failed("HTTP 409: \(Self.text(answer.body))")
                }
                guard conflict.latestSize <= checkpoint.checkpoint.size else {
                    return .failed(
                        "the witness has cosigned size \(conflict.latestSize), larger than this checkpoint's \(checkpoint.checkpoint.size): it saw another history of this log, or this ledger was restored from an old copy"
                    )
                }
                old = conflict.latestSize
            default:
                return .failed("HTTP \(answer.status): \(Self.text(answer.body))")
            }
        }
        return .failed("the witness kept answering 409")
    }

    /// The witness's cosignature among the response lines, checked against its key.
    private func accept(_ body: [UInt8], from witness: WitnessEndpoint, _ checkpoint: SignedCheckpoint) -> Outcome {
        do {
            let response = try AddCheckpointResponse.parse(body)
            for line in response.signatures where witness.key.matches(line) {
                let cosignature = try Cosignature(noteSignature: line)
                guard witness.key.isValid(cosignature, checkpointBody: checkpoint.note.text) else {
                    return .failed("the witness's cosignature does not verify with its key in the bylaws")
                }
                return .cosigned(cosignature)
            }
            return .failed("the answer holds no cosignature by the key the bylaws name (\(witness.key.vkey))")
        } catch {
            return .failed("the answer is not signature lines: \(error)")
        }
    }

    /// The first line of a body, for messages.
    private static func text(_ body: [UInt8]) -> String {
        String(String(decoding: body.prefix(300), as: UTF8.self).split(separator: "\n").first ?? "")
    }

    /// One client for the process; a refused connection fails at once.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(3), read: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private func post(_ body: String, to url: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: Array(body.utf8)))
        do {
            let response = try await Self.http.execute(request, timeout: .seconds(timeout))
            let bytes = try await response.body.collect(upTo: 64 << 10)
            return (Int(response.status.code), Array(buffer: bytes))
        } catch {
            throw WitnessError.unreachable(url: url, reason: "\(error)")
        }
    }
}

/// A bare add-checkpoint POST for benchmarks: the status code only.
public enum WitnessBenchClient {
    public static func post(_ body: String, to url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: Array(body.utf8)))
        let response = try await WitnessCollector.http.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 64 << 10)
        return Int(response.status.code)
    }
}
