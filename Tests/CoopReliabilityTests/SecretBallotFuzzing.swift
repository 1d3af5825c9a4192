import CoopCanonicalJSON
import CoopModel
import CoopSecretBallot

/// FuzzSecretBallot's scene and check, built into both the fuzz target and the corpus tests
/// (Fuzz/Sources/FuzzSecretBallot/SecretBallotFuzzing.swift is a link to this file): the
/// election of docs/SECRET-BALLOTS.md §10 (ceremony, setup, context, sealed tally and two
/// partial decryptions, as the code made them).
///
/// An input's first byte picks what the rest is, as canonical JSON: 0 an `EncryptedBallot`
/// (for voter m1, m2 or m3: the byte / 5 mod 3), 1 a `PartialDecryption` (combined with
/// another trustee's), 2 a `TrusteeKey`, 3 a `Dealing`, 4 an `EncryptedTally` (decrypted with the
/// two partials). Decoding must give a value or throw `CanonicalJSONError` / `DecodingError`;
/// verifying must succeed or throw `SecretBallotError`, and a tally that decrypts with a
/// fuzzed partial must give the election's true counts.
struct SecretBallotFuzzing {
    static let ceremony = #"{"label":"motion-7","ledger_id":"0123456789abcdef0123456789abcdef","threshold":2,"trustees":["m101","m102","m103"]}"#
    static let setup =
        #"{"disqualified":[],"public_key":"mC4mA+BF7oJJYCNBX+Do+e38B+QIY/EyStEUhRBHfGQ=","qualified":[1,2,3],"rejected_complaints":[],"threshold":2,"verification_keys":["IME4kEOlxBYbJy4HanYnBpKBjLIfQu6HiYaybCSQU2s=","BFcHCT3rljBKLT4lmUuFElhs8EBY1E57APv8pDl86Ro=","DGn5gGj/Iuwy/z+eLFDILG0DyInHn941K5CBt0VySRs="]}"#
    static let context =
        #"{"choices":3,"electorate_hash":"abababababababababababababababababababababababababababababababab","ledger_id":"0123456789abcdef0123456789abcdef","max":1,"min":1,"motion_id":"motion-7","public_key":"mC4mA+BF7oJJYCNBX+Do+e38B+QIY/EyStEUhRBHfGQ="}"#
    static let tally =
        #"{"ballots":3,"ciphertexts":[{"alpha":"7vYcOD9HJrO3D4kBbgm4pouvam4bRemr6gxiV/EafDU=","beta":"pOt8eZfH3Wkx9uXHNbhlrX9rL4NkOsU1wsdvlvtMZxw="},{"alpha":"tnd9vKSODVD1g5E2IwBIMaGHYUyDDWk0o52PLNlDoGo=","beta":"ckiMH5NVFLIFArN5/fLFQcQsWXy9uJ454k5zGFbUynA="},{"alpha":"HE7TwnXt5R/5KJMv36vnWcF/xlfVw9VzoAUEPKy/rSs=","beta":"1tUBvVDy9Jry8u/73IbQlrwVtn1go0r69eN9GkTX7TY="}]}"#
    static let partial1 =
        #"{"factors":["YH4O+Srb5iKWkBRfyVgKiWs9bCN1+tp5r0SF+3BjjVc=","KBF0neRl9dPGVlC9BlhQtLyIRDZut0TlLmaXGSijywk=","6j0R0dKakKPsQvDASEJW/i8xqXSO+6OKUAzx/pWPqmY="],"proofs":[{"challenge":"+ra6ss+R+/zQs6eE/sIb4H6OOUnNlZQrdxpydeaXvwU=","response":"M2fdklz1yN5NWaYdvu2S3QCeS8WC1SS2ieS1IZozNAk="},{"challenge":"DyIDnTq/8+MdwTY4DzaTo8sVDF3WZw6vWC1azbqRMwA=","response":"u3DKE9n1rrr5yr3NAbG33r6XOFrA2p7bKU6BAOHEAwM="},{"challenge":"oAfObtG7kyW+9+J5+jD5M4fKZj5VRVpaolvOFodDkAQ=","response":"Kh23rkSNodqq0EgnLWbgAL/p/kDmtm3pbzj2HXlQUQo="}],"trustee":1}"#
    static let partial3 =
        #"{"factors":["ft5Eztijn7xplKg2pOz9fMQ0MopNS2GbC2oTEfqvens=","fitGzrjTEtr7lC0ZB5RaERNCMH0xS7oAhWH5WET6m3c=","jg/4LYGFyXn9p4IUs0SyDLJueljIr3AQ8Qp0ZoxXFio="],"proofs":[{"challenge":"DszD9nKWdHEXJ00DhzP3fCMiSn24ZebuPtWerPLOsAU=","response":"lAA0z194NNBmPFdNkx311Qih2MzOW/ruHLpjsAQO9w4="},{"challenge":"hGnbNZzbilpSaynj+HOK5q4a/ze8JLcueXktIQtKiQE=","response":"5/3kasQ9rU587m6PvTXRHsOW7NeFocFRAngVvli7bAQ="},{"challenge":"Zyl5JkFX1YTD1GwdfdhPbiHgL9970O+epZ6whBgX3Qo=","response":"qjXButHN2GODq50V6Dncgp0wPcchz042RDPbvt+3NgY="}],"trustee":3}"#
    /// The counts of the vector election.
    static let counts = [1, 2, 0]

    let ceremony: TrusteeCeremony
    let setup: TrusteeSetup
    let context: ElectionContext
    let verifier: BallotVerifier
    let tally: EncryptedTally
    let partials: [PartialDecryption]

    init() throws {
        func read<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
            try CanonicalJSONDecoder(refusesUnknownNestedKeys: true).decode(T.self, from: Array(text.utf8))
        }
        ceremony = try read(TrusteeCeremony.self, Self.ceremony)
        setup = try read(TrusteeSetup.self, Self.setup)
        context = try read(ElectionContext.self, Self.context)
        verifier = try BallotVerifier(context: context)
        tally = try read(EncryptedTally.self, Self.tally)
        partials = [try read(PartialDecryption.self, Self.partial1), try read(PartialDecryption.self, Self.partial3)]
    }

    /// Judges one input; returns what is wrong (a bug), or nil. `strict` (for the seeds) also
    /// counts a refusal, and a tally that does not decrypt, as wrong.
    func check(_ input: [UInt8], strict: Bool = false) -> String? {
        guard let selector = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        switch selector % 5 {
        case 0:
            guard let voter = MemberID(number: Int64(1 + (selector / 5) % 3)) else { return "no voter id" }
            return judge(EncryptedBallot.self, bytes, strict) { ballot in
                try verifier.verify(ballot, voter: voter)
                _ = try EncryptedTally(adding: [ballot], context: context)
                return nil
            }
        case 1:
            return judge(PartialDecryption.self, bytes, strict) { partial in
                // Beside the vector partial of another trustee (trustee 1's, or 3's for trustee 1).
                let other = partials.first { $0.trustee != partial.trustee } ?? partials[0]
                for order in [[other, partial], [partial, other]] {
                    let decryption = try tally.decrypt(partials: order, setup: setup, context: context)
                    if strict { _ = try decryption.counts() }
                    if case let .complete(result) = decryption, result.counts != Self.counts {
                        return "a partial decryption by trustee \(partial.trustee) gave counts \(result.counts)"
                    }
                }
                return nil
            }
        case 2: return accept(TrusteeKey.self, bytes, strict) { try $0.verify(ceremony: ceremony) }
        case 3: return accept(Dealing.self, bytes, strict) { try $0.verify(ceremony: ceremony) }
        default:
            return judge(EncryptedTally.self, bytes, strict) { fuzzed in
                let decryption = try fuzzed.decrypt(partials: partials, setup: setup, context: context)
                if strict { _ = try decryption.counts() }
                return nil
            }
        }
    }

    /// Decodes `bytes` as the ledger decodes a body's value and runs `verify` on it.
    private func judge<T: Decodable>(_: T.Type, _ bytes: [UInt8], _ strict: Bool, _ verify: (T) throws -> String?) -> String? {
        let value: T
        do {
            value = try CanonicalJSONDecoder(refusesUnknownNestedKeys: true).decode(T.self, from: try CanonicalJSON.decodeCanonical(bytes))
        } catch let error as CanonicalJSONError {
            return strict ? "refused: \(error)" : nil
        } catch let error as DecodingError {
            return strict ? "refused: \(error)" : nil
        } catch {
            return "decoding \(T.self) threw \(type(of: error)): \(error)"
        }
        do {
            return try verify(value)
        } catch let error as SecretBallotError {
            return strict ? "refused: \(error)" : nil
        } catch {
            return "checking \(T.self) threw \(type(of: error)): \(error)"
        }
    }

    /// `judge` for a check that only throws.
    private func accept<T: Decodable>(_: T.Type, _ bytes: [UInt8], _ strict: Bool, _ verify: (T) throws -> Void) -> String? {
        judge(T.self, bytes, strict) { (value: T) -> String? in
            try verify(value)
            return nil
        }
    }
}
