import Testing
@testable import PermitCore

@Suite("Validity and fees")
struct ValidityAndFeeTests {
    @Test("valid from the issue date through the day before the same date N years later", arguments: [
        ("2026-03-02", 1, "2027-03-01"), ("2026-03-02", 3, "2029-03-01"), ("2026-03-02", 5, "2031-03-01"),
        ("2026-01-01", 1, "2026-12-31"),
        // 29 February: the same date in a year without it is 28 February, so the last day is 27 February.
        ("2024-02-29", 1, "2025-02-27"), ("2024-02-29", 3, "2027-02-27"), ("2024-02-29", 5, "2029-02-27"),
        // ... but in a leap year it stays 29 February, so the last day is 28 February.
        ("2024-02-29", 4, "2028-02-28"),
        ("2023-03-01", 1, "2024-02-29"),
    ])
    func validityRule(issued: String, years: Int, lastDay: String) {
        let validity = ValidityPeriod.starting(on: day(issued), years: years)
        #expect(validity.from == day(issued))
        #expect(validity.until == day(lastDay))
        // Never longer than N years: the day after the last day is never later than the same date N years on.
        #expect(validity.until.adding(days: 1) <= day(issued).adding(years: years))
    }

    @Test("fee per endorsement by validity band (general fee schedule)", arguments: [
        (1, 80), (2, 120), (3, 240), (5, 240),
    ])
    func feeByYears(years: Int, fee: Int) throws {
        let policy = try #require(Seeds.policies.inForce(on: day("2026-03-02")))
        #expect(Fees.fee(validityYears: years, policy: policy) == fee)
    }

    @Test("band edges in months", arguments: [
        (1, 80), (12, 80), (13, 120), (24, 120), (25, 160), (35, 160), (36, 240), (60, 240),
    ])
    func feeByMonths(months: Int, fee: Int) throws {
        let policy = try #require(Seeds.policies.inForce(on: day("2026-03-02")))
        #expect(Fees.fee(validityMonths: months, policy: policy) == fee)
        #expect(policy.fees.newEEPCNY == 60)
    }
}
