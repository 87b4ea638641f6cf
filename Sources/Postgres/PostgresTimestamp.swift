import Foundation

/// A UTC instant split into calendar fields with microsecond precision, for `timestamptz` text.
struct PostgresTimestamp: Equatable {
    /// Whole seconds since 1970-01-01T00:00:00Z (floor).
    var unixSeconds: Int64
    /// Microseconds within the second, 0..<1_000_000.
    var microseconds: Int64

    init(unixSeconds: Int64, microseconds: Int64) {
        self.unixSeconds = unixSeconds
        self.microseconds = microseconds
    }

    /// Seconds from 1970-01-01 to Foundation's reference date 2001-01-01.
    private static let referenceDateUnixSeconds: Int64 = 978_307_200

    /// The instant of `date`, rounded to the nearest microsecond.
    ///
    /// `Date` is a `Double` of seconds since 2001, so microseconds survive a round trip for years 1865–2137.
    init(_ date: Date) {
        let referenceMicros = Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded())
        let (seconds, micros) = referenceMicros.floorDivided(by: 1_000_000)
        self.init(unixSeconds: seconds + Self.referenceDateUnixSeconds, microseconds: micros)
    }

    var date: Date {
        Date(timeIntervalSinceReferenceDate: Double(unixSeconds - Self.referenceDateUnixSeconds) + Double(microseconds) / 1_000_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    var iso8601: String {
        let (days, secondOfDay) = unixSeconds.floorDivided(by: 86_400)
        let day = CivilDay(daysSinceEpoch: days)
        let hour = secondOfDay / 3600, minute = secondOfDay % 3600 / 60, second = secondOfDay % 60
        guard (0...9999).contains(day.year) else {
            return "\(pad(day.year, 4))-\(pad(day.month, 2))-\(pad(day.day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(microseconds, 6))Z"
        }
        // Digit by digit into a fixed-size buffer: this runs for every timestamp parameter.
        return String(unsafeUninitializedCapacity: 27) { out in
            var position = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    out[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                position += width
            }
            func put(_ character: Unicode.Scalar) {
                out[position] = UInt8(ascii: character)
                position += 1
            }
            put(Int(day.year), 4); put("-"); put(Int(day.month), 2); put("-"); put(Int(day.day), 2); put("T")
            put(Int(hour), 2); put(":"); put(Int(minute), 2); put(":"); put(Int(second), 2); put(".")
            put(Int(microseconds), 6); put("Z")
            return position
        }
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|±HH[:MM[:SS]]]`; nil for anything else (BC, infinity, garbage).
    init?(parsing text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              scanner.skip(" ") || scanner.skip("T"),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2),
              (1...12).contains(month), (1...CivilDay.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(".") {
            var fractionDigits = 0
            while let digit = scanner.digit() {
                if fractionDigits < 6 { micros = micros * 10 + Int64(digit) }
                fractionDigits += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in min(fractionDigits, 6)..<6 { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if scanner.skip("Z") {
            offsetSeconds = 0
        } else if let sign: Int64 = scanner.skip("+") ? 1 : (scanner.skip("-") ? -1 : nil) {
            guard let offsetHours = scanner.number(digits: 2) else { return nil }
            var offset = offsetHours * 3600
            if scanner.skip(":") {
                guard let offsetMinutes = scanner.number(digits: 2) else { return nil }
                offset += offsetMinutes * 60
                if scanner.skip(":") {
                    guard let offsetSecs = scanner.number(digits: 2) else { return nil }
                    offset += offsetSecs
                }
            }
            offsetSeconds = sign * offset
        } else {
            return nil
        }
        guard scanner.isAtEnd else { return nil }
        let days = CivilDay(year: year, month: month, day: day).daysSinceEpoch
        self.init(unixSeconds: days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, microseconds: micros)
    }
}

/// A proleptic Gregorian calendar day, converted to and from days since 1970-01-01 (Howard Hinnant's algorithm).
struct CivilDay: Equatable {
    var year: Int64, month: Int64, day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Reads fixed-width digit groups and punctuation from ASCII bytes.
struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(digits: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<digits {
            guard let digit = digit() else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the matching non-negative remainder.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 { quotient -= 1; remainder += divisor }
        return (quotient, remainder)
    }
}

/// Zero-pads a non-negative number to `width` digits.
func pad<N: BinaryInteger>(_ value: N, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
