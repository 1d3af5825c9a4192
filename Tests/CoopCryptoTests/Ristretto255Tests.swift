import Foundation
import Testing

@testable import CoopCrypto

private typealias Scalar = Ristretto255.Scalar
private typealias SecretScalar = Ristretto255.SecretScalar
private typealias Element = Ristretto255.Element

/// ℓ, little-endian.
private let orderBytes: [UInt8] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]

/// `bytes` plus `k` as little-endian 256-bit integers (no overflow in these tests).
private func adding(_ k: UInt8, to bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    var carry = UInt16(k)
    for i in 0..<out.count where carry > 0 {
        let sum = UInt16(out[i]) + carry
        out[i] = UInt8(sum & 0xff)
        carry = sum >> 8
    }
    return out
}

@Suite("ristretto255 scalars and elements")
struct Ristretto255Tests {
    @Test func scalarsBelowTheOrderAreCanonicalAndNoOthers() throws {
        var below = orderBytes
        below[0] -= 1
        let lMinusOne = try Scalar(canonicalBytes: below)
        #expect(lMinusOne + .one == .zero)
        #expect(-Scalar.one == lMinusOne)
        for k: UInt8 in [0, 1, 2, 19, 255] {
            #expect(throws: Ristretto255Error.nonCanonicalScalar) { try Scalar(canonicalBytes: adding(k, to: orderBytes)) }
        }
        #expect(throws: Ristretto255Error.nonCanonicalScalar) { try Scalar(canonicalBytes: [UInt8](repeating: 0xff, count: 32)) }
        // 2^252 is below ℓ = 2^252 + 27742317777372353535851937790883648493.
        var twoTo252 = [UInt8](repeating: 0, count: 32)
        twoTo252[31] = 0x10
        #expect(throws: Never.self) { try Scalar(canonicalBytes: twoTo252) }
        #expect(throws: Ristretto255Error.scalarLength(31)) { try Scalar(canonicalBytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: Ristretto255Error.scalarLength(33)) { try Scalar(canonicalBytes: [UInt8](repeating: 0, count: 33)) }
    }

    @Test func secretScalarsRefuseNonCanonicalBytesToo() throws {
        var raw = orderBytes
        #expect(throws: Ristretto255Error.nonCanonicalScalar) { try SecretScalar(canonical: SecretBytes(consuming: &raw)) }
        var short = [UInt8](repeating: 1, count: 16)
        #expect(throws: Ristretto255Error.scalarLength(16)) { try SecretScalar(canonical: SecretBytes(consuming: &short)) }
        var seven = Scalar(7).bytes
        let secret = try SecretScalar(canonical: SecretBytes(consuming: &seven))
        #expect(secret.disclosed() == Scalar(7))
        #expect(seven.allSatisfy { $0 == 0 }, "the caller's copy is zeroed")
    }

    @Test func scalarArithmeticAgreesWithIntegers() throws {
        let a = Scalar(1_000_003), b = Scalar(999_983)
        #expect(a + b == Scalar(1_999_986))
        #expect(a - b == Scalar(20))
        #expect(b - a == -Scalar(20))
        #expect(a * b == Scalar(1_000_003 * 999_983))
        #expect(try a.inverted() * a == .one)
        #expect(throws: Ristretto255Error.zeroHasNoInverse) { try Scalar.zero.inverted() }
        // Reduction: ℓ + 5 as 64 bytes reduces to 5.
        #expect(try Scalar(reducing: adding(5, to: orderBytes) + [UInt8](repeating: 0, count: 32)) == Scalar(5))
        #expect(throws: Ristretto255Error.wideInputLength(32)) { try Scalar(reducing: orderBytes) }
    }

    @Test func secretArithmeticMatchesPublicArithmetic() throws {
        let x = SecretScalar.random(), y = SecretScalar.random()
        let c = Scalar.random()
        #expect((x + y).disclosed() == x.disclosed() + y.disclosed())
        #expect((x - y).disclosed() == x.disclosed() - y.disclosed())
        #expect((x * y).disclosed() == x.disclosed() * y.disclosed())
        #expect((c * x).disclosed() == c * x.disclosed())
        #expect((x + c).disclosed() == x.disclosed() + c)
        #expect(x.negated().disclosed() == -x.disclosed())
        #expect((x - x).isZero)
        #expect(!x.isZero)
        #expect(x.constantTimeEquals(SecretScalar(x.disclosed())))
        #expect(!x.constantTimeEquals(y))
        #expect(Element.generatorMultiple(x) == x.disclosed() * Element.generator)
        #expect(x * Element.generator == Element.generatorMultiple(x.disclosed()))
    }

    @Test func secretsNeverShowInText() {
        let x = SecretScalar.random()
        let hex = Hex.encode(x.disclosed().bytes)
        let text = "\(x) \(String(reflecting: x))"
        var dumped = ""
        dump(x, to: &dumped)
        #expect(!text.contains(hex) && !dumped.contains(hex))
        #expect(!text.contains(x.disclosed().base64) && !dumped.contains(x.disclosed().base64))
    }

    @Test func randomScalarsAreCanonicalAndDistinct() throws {
        var seen = Set<Scalar>()
        for _ in 0..<64 {
            let s = Scalar.random()
            #expect(try Scalar(canonicalBytes: s.bytes) == s)
            seen.insert(s)
        }
        #expect(seen.count == 64)
    }

    @Test func identityAndZeroProducts() throws {
        let p = Element.generatorMultiple(Scalar.random())
        #expect(Scalar.zero * p == .identity)
        #expect(Scalar.random() * Element.identity == .identity)
        #expect(Element.generatorMultiple(Scalar.zero) == .identity)
        #expect(Element.generatorMultiple(SecretScalar(Scalar.zero)) == .identity)
        #expect(p - p == .identity)
        #expect(p + .identity == p)
        #expect(-(-p) == p)
        #expect(try Element(encoding: [UInt8](repeating: 0, count: 32)).isIdentity)
        #expect(!Element.generator.isIdentity)
    }

    @Test func groupLaws() throws {
        let a = Scalar.random(), b = Scalar.random()
        let p = Element.generatorMultiple(Scalar.random())
        #expect((a + b) * p == a * p + b * p)
        #expect((a * b) * p == a * (b * p))
        #expect(Element.generatorMultiple(a) - Element.generatorMultiple(b) == Element.generatorMultiple(a - b))
        // ℓ − 1 times p is −p.
        #expect((-Scalar.one) * p == -p)
    }

    @Test func elementDecodingChecksLengthAndBase64() throws {
        #expect(throws: Ristretto255Error.elementLength(31)) { try Element(encoding: [UInt8](repeating: 0, count: 31)) }
        let g = Element.generator
        #expect(try Element(base64: g.base64) == g)
        #expect(g.base64.count == 44)
        #expect(throws: Ristretto255Error.invalidText("not base64")) { try Element(base64: "not base64") }
        #expect(throws: (any Error).self) { try Element(base64: String(g.base64.dropLast()) + "x") }
    }

    @Test func codableIsStrictBase64() throws {
        struct Box: Codable {
            let e: Element
            let s: Scalar
        }
        let value = Box(e: .generator, s: Scalar(42))
        let json = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(Box.self, from: json)
        #expect(back.e == value.e && back.s == value.s)
        let nonCanonical = Base64.encode(orderBytes)
        let bad = #"{"e":"\#(Element.generator.base64)","s":"\#(nonCanonical)"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(bad.utf8)) }
        let offCurve = Base64.encode([UInt8](repeating: 0xff, count: 31) + [0x7f])
        let bad2 = #"{"e":"\#(offCurve)","s":"\#(Scalar.one.base64)"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(bad2.utf8)) }
    }

    @Test func canonicalCheckIsExact() {
        // Every value near ℓ: ℓ−3…ℓ−1 pass, ℓ…ℓ+3 fail.
        for delta in 1...3 {
            var below = orderBytes
            below[0] -= UInt8(delta)
            #expect(below.withUnsafeBytes { Ristretto255.isCanonicalScalar($0) })
            #expect(!adding(UInt8(delta - 1), to: orderBytes).withUnsafeBytes { Ristretto255.isCanonicalScalar($0) })
        }
    }
}
