/// A Mainland resident identity card number: 18 characters, the last a check character (ISO 7064 MOD 11-2).
public struct NationalID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 18 characters, with an upper-case `X` check character when it is ten.
    public let value: String

    /// Why a national ID was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not 17 digits followed by a digit or X.
        case malformed
        /// Digits 7 to 14 are not a real birth date.
        case impossibleBirthDate(String)
        /// The check character does not match the first 17 digits.
        case wrongCheckCharacter(expected: Character, found: Character)

        /// The reason, for people.
        public var description: String {
            switch self {
            case .malformed: return "must be 18 characters: 17 digits then a digit or X"
            case .impossibleBirthDate(let digits): return "its birth date \(digits) is not a real date"
            case .wrongCheckCharacter(let expected, let found):
                return "its check character is \(found) but the first 17 digits require \(expected) (ISO 7064 MOD 11-2)"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// Validates `text` (a lower-case x is accepted and stored upper-case).
    public init(validating text: String) throws(Problem) {
        let upper = text.uppercased()
        let characters = Array(upper)
        guard characters.count == 18, characters.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }),
              let last = characters.last, last == "X" || (last.isASCII && last.isNumber) else {
            throw .malformed
        }
        let birth = String(characters[6..<14])
        guard Self.birthDate(fromDigits: birth) != nil else { throw .impossibleBirthDate(birth) }
        let expected = Self.checkCharacter(for: String(characters.prefix(17)))
        guard expected == last else { throw .wrongCheckCharacter(expected: expected, found: last) }
        value = upper
    }

    /// The check character the first 17 digits require.
    public static func checkCharacter(for seventeenDigits: String) -> Character {
        let sum = zip(seventeenDigits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// The birth date the number encodes.
    public var birthDate: CivilDate {
        Self.birthDate(fromDigits: String(Array(value)[6..<14]))!
    }

    static func birthDate(fromDigits digits: String) -> CivilDate? {
        guard digits.count == 8 else { return nil }
        let text = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
        return CivilDate(iso: text)
    }

    /// The number.
    public var description: String { value }
}

/// An organisation's unified social credit code (GB 32100-2015): 18 characters with a check character.
public struct CreditCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 18 upper-case characters.
    public let value: String

    /// Why a credit code was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not 18 characters of the code's alphabet (digits and capitals without I, O, S, V, Z).
        case malformed
        /// The check character does not match.
        case wrongCheckCharacter(expected: Character, found: Character)

        /// The reason, for people.
        public var description: String {
            switch self {
            case .malformed:
                return "must be 18 characters of 0-9 and A-Z without I, O, S, V, Z"
            case .wrongCheckCharacter(let expected, let found):
                return "its check character is \(found) but the first 17 characters require \(expected) (GB 32100-2015)"
            }
        }
    }

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Validates `text` (lower case is accepted and stored upper-case).
    public init(validating text: String) throws(Problem) {
        let characters = Array(text.uppercased())
        guard characters.count == 18, characters.allSatisfy({ Self.alphabet.contains($0) }) else { throw .malformed }
        let expected = Self.checkCharacter(for: String(characters.prefix(17)))!
        guard expected == characters[17] else { throw .wrongCheckCharacter(expected: expected, found: characters[17]) }
        value = String(characters)
    }

    /// The check character for 17 characters of the alphabet, or nil if one is outside it.
    public static func checkCharacter(for seventeen: String) -> Character? {
        var sum = 0
        for (character, weight) in zip(seventeen, weights) {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            sum += index * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The code.
    public var description: String { value }
}
