import CoopTlog
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Answers the witness's HTTP API (c2sp.org/tlog-witness, with the empty prefix):
/// `POST /add-checkpoint`, and `GET /<hex SHA-256 of origin>/checkpoint` (the latest cosigned
/// checkpoint of a log, for monitors).
struct WitnessResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let witness: Witness
    let store: WitnessStore
    let configuration: WitnessConfiguration
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let path = String(request.uri.path.drop { $0 == "/" })
        switch (request.method, path) {
        case (.post, "add-checkpoint"):
            return await addCheckpoint(&request)
        case (.get, _) where path.hasSuffix("/checkpoint"):
            guard let record = store.record(originHash: String(path.dropLast("/checkpoint".count))) else {
                return Self.text(.notFound, "this witness has cosigned no checkpoint for that origin hash\n")
            }
            return Self.text(.ok, record.format())
        default:
            return Self.text(.notFound, "\(request.method) \(request.uri.path) is not part of the witness API (POST /add-checkpoint)\n")
        }
    }

    private func addCheckpoint(_ request: inout Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch {
            return Self.text(.contentTooLarge, "the request is larger than this witness's limit of \(configuration.maxBodyBytes) bytes\n")
        }
        let parsed: AddCheckpointRequest
        do {
            parsed = try AddCheckpointRequest.parse(Array(buffer: body))
        } catch {
            return Self.respond(WitnessDecision.reject(.malformed(error)))
        }
        let origin = parsed.checkpoint.checkpoint.origin
        do {
            let decision = try await store.addCheckpoint(parsed, witness: witness, timestamp: configuration.now())
            var metadata: Logger.Metadata = [
                "origin": "\(origin.prefix(80))", "size": "\(parsed.checkpoint.checkpoint.size)", "old": "\(parsed.oldSize)",
                "status": "\(decision.status)",
            ]
            if case let .reject(rejection) = decision {
                metadata["reason"] = "\(rejection)"
                if rejection.evidence != nil {
                    logger.warning("evidence kept: the log presented a checkpoint inconsistent with one this witness cosigned", metadata: metadata)
                } else {
                    logger.notice("refused", metadata: metadata)
                }
            } else {
                logger.debug("add-checkpoint", metadata: metadata)
            }
            return Self.respond(decision)
        } catch {
            logger.error("add-checkpoint failed", metadata: ["origin": "\(origin.prefix(80))", "error": "\(error)"])
            return Self.text(.internalServerError, "the witness failed: \(error)\n")
        }
    }

    static func respond(_ decision: WitnessDecision) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = decision.contentType
        return Response(
            status: HTTPResponse.Status(code: decision.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: Array(decision.body.utf8))))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(text.utf8))))
    }
}
