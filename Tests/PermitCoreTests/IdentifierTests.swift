import PermitCore
import Testing

@Suite("National ID and credit code check characters")
struct IdentifierTests {
    // GB 11643-1999's published example: 11010519491231002X.
    @Test func thePublishedNationalIDExampleIsValid() throws {
        let id = try NationalID(validating: "11010519491231002x")
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == CivilDate(iso: "1949-12-31"))
    }

    @Test(arguments: ["110105194912310021", "11010519491231002", "1101051949123100XX", "110105194913310028", "11010519490229002X"])
    func malformedOrWrongNationalIDsAreRefused(_ text: String) {
        #expect(throws: NationalID.Problem.self) { try NationalID(validating: text) }
    }

    @Test func everyWrongCheckCharacterIsNamed() throws {
        let body = "44030519850312001"
        let right = NationalID.checkCharacter(for: body)
        for candidate in "0123456789X" where candidate != right {
            #expect(throws: NationalID.Problem.wrongCheckCharacter(expected: right, found: candidate)) {
                try NationalID(validating: body + String(candidate))
            }
        }
        #expect(try NationalID(validating: body + String(right)).value.count == 18)
    }

    // A real enterprise's published code (the alphabet excludes I, O, S, V, Z).
    @Test func aPublishedCreditCodeIsValid() throws {
        #expect(try CreditCode(validating: "91350100M000100Y43").value == "91350100M000100Y43")
    }

    @Test func creditCodesWithWrongCheckOrLettersAreRefused() {
        #expect(throws: CreditCode.Problem.self) { try CreditCode(validating: "91350100M000100Y44") }
        #expect(throws: CreditCode.Problem.malformed) { try CreditCode(validating: "91350100M000100YI3") }
        #expect(throws: CreditCode.Problem.malformed) { try CreditCode(validating: "9135") }
    }
}
