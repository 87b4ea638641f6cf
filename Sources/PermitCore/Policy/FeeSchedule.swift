/// Fees in CNY: per multiple-entry endorsement by validity band, and for a new EEP.
public struct FeeSchedule: Codable, Sendable, Equatable {
    /// Bands in ascending order; the first band whose `upToMonths` covers the validity applies.
    public var endorsementBands: [FeeBand]
    /// The fee for a new EEP (60).
    public var newEEPCNY: Int

    /// Makes a schedule.
    public init(endorsementBands: [FeeBand], newEEPCNY: Int) {
        self.endorsementBands = endorsementBands
        self.newEEPCNY = newEEPCNY
    }
}

/// One fee band: validities up to and including `upToMonths` (no limit when nil) cost `feeCNY`.
public struct FeeBand: Codable, Sendable, Equatable {
    /// Inclusive upper bound of the band in whole months; nil for the open-ended top band.
    public var upToMonths: Int?
    /// Fee per endorsement in CNY.
    public var feeCNY: Int
    /// The band as the fee schedule words it ("> 1 to ≤ 2 years").
    public var label: String

    /// Makes a band.
    public init(upToMonths: Int?, feeCNY: Int, label: String) {
        self.upToMonths = upToMonths
        self.feeCNY = feeCNY
        self.label = label
    }
}

/// Fee look-ups.
public enum Fees {
    /// The fee for one endorsement valid `validityYears` whole years under `policy`.
    public static func fee(validityYears: Int, policy: Policy) -> Int {
        fee(validityMonths: validityYears * 12, policy: policy)
    }

    /// The fee for one endorsement valid `validityMonths` whole months under `policy`.
    public static func fee(validityMonths: Int, policy: Policy) -> Int {
        let band = policy.fees.endorsementBands.first { band in
            band.upToMonths.map { validityMonths <= $0 } ?? true
        }
        return band?.feeCNY ?? policy.fees.endorsementBands.last?.feeCNY ?? 0
    }
}
