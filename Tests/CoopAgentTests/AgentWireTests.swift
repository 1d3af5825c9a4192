import CoopAgent
import CoopCrypto
import Testing

/// The agent's wire format: every message round-trips, and malformed or oversized input is a
/// typed failure, never a crash.
struct AgentWireTests {
    let key = Ed25519.PrivateKey()

    @Test func requestsRoundTrip() throws {
        let seed = key.withSeed { s in SecretBytes(count: 32) { $0.copyMemory(from: s) } }
        let add = try AgentWire.decodeRequest(AgentWire.encode(.add(seed: seed, name: "Ada Okafor")))
        guard case .add(let decodedSeed, let name) = add else {
            Issue.record("not an add: \(add)")
            return
        }
        #expect(decodedSeed.constantTimeEquals(seed))
        #expect(name == "Ada Okafor")

        let unnamed = try AgentWire.decodeRequest(AgentWire.encode(.add(seed: seed, name: nil)))
        guard case .add(_, nil) = unnamed else {
            Issue.record("a name appeared: \(unnamed)")
            return
        }

        let message: [UInt8] = Array("coop-entry-v2\n{}".utf8)
        let sign = try AgentWire.decodeRequest(AgentWire.encode(.sign(key: key.publicKey, message: message)))
        guard case .sign(let k, let m) = sign else {
            Issue.record("not a sign: \(sign)")
            return
        }
        #expect(k == key.publicKey && m == message)

        let emptySign = try AgentWire.decodeRequest(AgentWire.encode(.sign(key: key.publicKey, message: [])))
        guard case .sign(_, []) = emptySign else {
            Issue.record("not an empty sign: \(emptySign)")
            return
        }

        guard case .remove(let removed) = try AgentWire.decodeRequest(AgentWire.encode(.remove(key.publicKey))) else {
            Issue.record("not a remove")
            return
        }
        #expect(removed == key.publicKey)
        guard case .list = try AgentWire.decodeRequest(AgentWire.encode(.list)) else {
            Issue.record("not a list")
            return
        }
        guard case .removeAll = try AgentWire.decodeRequest(AgentWire.encode(.removeAll)) else {
            Issue.record("not removeAll")
            return
        }
        guard case .stop = try AgentWire.decodeRequest(AgentWire.encode(.stop)) else {
            Issue.record("not a stop")
            return
        }
    }

    @Test func responsesRoundTrip() throws {
        let signature = key.signature(for: [1, 2, 3])
        let other = Ed25519.PrivateKey().publicKey
        let responses: [AgentResponse] = [
            .ok, .signature(signature), .keys([]),
            .keys([AgentKeyInfo(publicKey: key.publicKey, name: "Ada"), AgentKeyInfo(publicKey: other, name: nil)]),
            .failure(AgentFailure(.unknownKey, "the agent does not hold it")),
        ]
        for response in responses {
            #expect(try AgentWire.decodeResponse(AgentWire.encode(response)) == response)
        }
    }

    /// Truncations, trailing bytes, wrong versions, unknown types, bad names: each refused with
    /// the failure code a person can act on.
    @Test(
        arguments: [
            ([], AgentFailure.Code.malformed),
            ([1], .malformed),
            ([2, 2], .unsupported),
            ([1, 0x7F], .unsupported),
            ([1, 2, 0], .malformed),  // list with a trailing byte
            ([1, 1] + [UInt8](repeating: 7, count: 31), .malformed),  // add with 31 seed bytes
            ([1, 1] + [UInt8](repeating: 7, count: 32) + [0], .malformed),  // add with half a name length
            ([1, 1] + [UInt8](repeating: 7, count: 32) + [0, 5, 0x41], .malformed),  // name shorter than said
            ([1, 1] + [UInt8](repeating: 7, count: 32) + [0x01, 0x01] + [UInt8](repeating: 0x41, count: 257), .malformed),  // name too long
            ([1, 1] + [UInt8](repeating: 7, count: 32) + [0, 2, 0xC3, 0x28], .malformed),  // name not UTF-8
            ([1, 1] + [UInt8](repeating: 7, count: 32) + [0, 1, 0x0A], .malformed),  // name a control character
            ([1, 3] + [UInt8](repeating: 1, count: 31), .malformed),  // remove with a short key
            ([1, 5] + [UInt8](repeating: 1, count: 16), .malformed),  // sign with a short key
        ] as [([UInt8], AgentFailure.Code)])
    func malformedRequestsAreRefused(payload: [UInt8], code: AgentFailure.Code) {
        #expect(throws: AgentFailure.self) { try AgentWire.decodeRequest(payload) }
        do {
            _ = try AgentWire.decodeRequest(payload)
        } catch {
            #expect(error.code == code, "\(payload.prefix(8)): \(error.message)")
        }
    }

    @Test func oversizedMessagesAreRefused() {
        let tooLong = [UInt8](repeating: 0, count: AgentWire.maximumMessageBytes + 1)
        do {
            _ = try AgentWire.decodeRequest(AgentWire.encode(.sign(key: key.publicKey, message: tooLong)))
            Issue.record("an oversized message to sign was accepted")
        } catch {
            #expect(error.code == .tooLarge)
        }
        let largest = [UInt8](repeating: 0, count: AgentWire.maximumMessageBytes)
        #expect(throws: Never.self) { try AgentWire.decodeRequest(AgentWire.encode(.sign(key: self.key.publicKey, message: largest))) }
    }

    @Test func malformedResponsesAreRefused() {
        let bad: [[UInt8]] = [
            [], [1], [1, 0x82] + [UInt8](repeating: 0, count: 63), [1, 0x81, 0], [1, 0x83, 0, 1] + [UInt8](repeating: 0, count: 33),
            [1, 0x83, 0xFF, 0xFF], [1, 0x84, 99] + Array("x".utf8), [1, 0x84, 3, 0xFF],
        ]
        for payload in bad {
            #expect(throws: AgentFailure.self, "\(payload.prefix(6))") { try AgentWire.decodeResponse(payload) }
        }
    }

    @Test(arguments: ["15m", "90s", "90", "2h", "0"])
    func durationsParse(text: String) throws {
        let parsed = try AgentDuration.parse(text)
        #expect(parsed == (text == "0" ? nil : parsed))
        if text == "15m" { #expect(parsed == .seconds(900)) }
        if text == "90" { #expect(parsed == .seconds(90)) }
    }

    @Test(arguments: ["", "m", "15x", "-5s", "1.5h", "99999999999", "169h"])
    func badDurationsAreRefused(text: String) {
        #expect(throws: AgentError.self) { try AgentDuration.parse(text) }
    }
}
