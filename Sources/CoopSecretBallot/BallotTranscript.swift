import CoopCrypto
import CoopModel

/// The Fiat–Shamir transcript of a ballot's proofs (domain `coop/secret-ballot/v1/ballot`):
///
///     context fields (see `ElectionContext.transcript`)
///     voter                      UTF-8, e.g. "m7"
///     k                          u64be, the number of choices
///     α_1, β_1, …, α_k, β_k      the ballot's ciphertexts
///
/// then, for each proof, on a copy:
///
///     kind                       "choice" or "sum"
///     index                      u64be: the choice (0-based), or k for the sum
///     lo, hi                     u64be: 0 and 1 for a choice, min and max for the sum
///     α, β                       the ciphertext proven (the choice's, or the sum of all)
///     t1_lo, t2_lo, …, t1_hi, t2_hi   the commitments
///
/// Each proof's challenge thus hashes the election key, motion, electorate hash, voter, every
/// ciphertext of the ballot and its own commitments.
enum BallotTranscript {
    static let domain = "coop/secret-ballot/v1/ballot"

    static func prefix(context: ElectionContext, voter: MemberID, ciphertexts: [Ciphertext]) -> Ristretto255.Transcript {
        var t = context.transcript(domain: domain)
        t.append(voter.description)
        t.append(UInt64(ciphertexts.count))
        for c in ciphertexts {
            t.append(c.alpha)
            t.append(c.beta)
        }
        return t
    }

    static func choice(_ prefix: Ristretto255.Transcript, index: Int, ciphertext: Ciphertext) -> Ristretto255.Transcript {
        statement(prefix, kind: "choice", index: index, range: 0...1, ciphertext: ciphertext)
    }

    static func sum(_ prefix: Ristretto255.Transcript, context: ElectionContext, ciphertext: Ciphertext) -> Ristretto255.Transcript {
        statement(prefix, kind: "sum", index: context.choices, range: context.minimum...context.maximum, ciphertext: ciphertext)
    }

    private static func statement(
        _ prefix: Ristretto255.Transcript, kind: String, index: Int, range: ClosedRange<Int>, ciphertext: Ciphertext
    ) -> Ristretto255.Transcript {
        var t = prefix
        t.append(kind)
        t.append(UInt64(index))
        t.append(UInt64(range.lowerBound))
        t.append(UInt64(range.upperBound))
        t.append(ciphertext.alpha)
        t.append(ciphertext.beta)
        return t
    }
}
