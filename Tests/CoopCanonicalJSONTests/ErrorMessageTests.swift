import CoopCanonicalJSON
import Testing

/// Messages must tell a person what is wrong and where.
@Suite("Error messages")
struct ErrorMessageTests {
    @Test(arguments: [
        (
            CanonicalJSONError.unexpectedByte(offset: 12, found: 0x7D, expected: "a JSON value"),
            "unexpected byte 0x7D ('}') at offset 12; expected a JSON value"
        ),
        (.unexpectedByte(offset: 0, found: 0xFF, expected: "a JSON value"), "unexpected byte 0xFF at offset 0; expected a JSON value"),
        (.unexpectedEnd(offset: 4, expected: "':'"), "the input ends at offset 4; expected ':'"),
        (.trailingData(offset: 7), "unexpected data after the JSON value at offset 7"),
        (.tooLarge(size: 2_000_000, limit: 1_048_576), "the JSON is 2000000 bytes, more than the limit of 1048576"),
        (.floatNotAllowed(offset: 3), "the number at offset 3 has a fraction or exponent; only integers are allowed"),
        (.duplicateKey("a\"b", offset: 9), #"duplicate object key "a\"b" at offset 9"#),
        (.notCanonical(offset: 5), "the JSON is not in canonical form: it differs from the canonical encoding at offset 5"),
        (
            .invalidValue(path: "$.body.amount", violation: .floatNotAllowed),
            "the value at $.body.amount is outside the canonical JSON profile: floating-point numbers are not allowed (use integers)"
        ),
        (.missingKey(path: "$.body", key: "name"), #"the object at $.body has no key "name""#),
        (.typeMismatch(path: "$.seq", expected: "an integer"), "the value at $.seq is not an integer"),
        (.integerOverflow(path: "$.n", type: "Int8"), "the integer at $.n does not fit in Int8"),
    ])
    func describesTheProblemAndItsPlace(error: CanonicalJSONError, message: String) {
        #expect(error.description == message)
    }

    /// Every case names its offset or path, so no message leaves the reader guessing.
    @Test func everyOffsetOrPathAppearsInTheMessage() {
        let errors: [(CanonicalJSONError, String)] = [
            (.tooDeep(offset: 64, limit: 64), "64"), (.integerOutOfRange(offset: 11), "11"),
            (.leadingZero(offset: 12), "12"), (.negativeZero(offset: 13), "13"), (.invalidEscape(offset: 14), "14"),
            (.invalidUTF8(offset: 15), "15"), (.loneSurrogate(offset: 16), "16"), (.notNFC(offset: 17), "17"),
            (.stringTooLong(offset: 18, limit: 3), "18"), (.nonASCIIKey(offset: 19), "19"),
            (.arrayTooShort(path: "$.x[2]", count: 2), "$.x[2]"),
            (.invalidValue(path: #"$["a b"]"#, violation: .nonASCIIKey("é")), #"$["a b"]"#),
        ]
        for (error, place) in errors {
            #expect(error.description.contains(place), "\(error)")
        }
        #expect(CanonicalJSONError.byteOrderMark.description.contains("byte order mark"))
    }

    @Test func realErrorsReadWell() {
        let error = decodeError(utf8(#"{"a":1,"a":2}"#))
        #expect(error?.description == #"duplicate object key "a" at offset 7"#)
        let pathError = encodeError(["list": [1, ["bad key é": 1]]])
        #expect(
            pathError?.description
                == #"the value at $.list[1] is outside the canonical JSON profile: the object key "bad key é" has a character outside printable ASCII (0x20-0x7E)"#
        )
    }
}
