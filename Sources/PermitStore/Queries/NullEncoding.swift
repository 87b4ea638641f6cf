/// Encodes every stored property of a value, writing `null` for nil instead of leaving the key out,
/// so scripts reading `--json` always find every documented key.
enum NullEncoding {
    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes `value`'s stored properties by name (the encoder's key strategy still applies).
    static func encode<T>(_ value: T, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, let property = child.value as? any Encodable else { continue }
            try container.encode(property, forKey: Key(stringValue: label))
        }
    }
}

extension CaseDetail {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension CaseDetail.Deadlines {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension EndorsementSummary {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension CaseSummary {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension HistoryEntry {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension SessionIdentity {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension StaffMember {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension StaffLogin {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension AuditReport {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension CalendarYearStatus {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension RegionSummary {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}

extension DatabasePurposeRecord {
    /// Encodes with explicit nulls.
    public func encode(to encoder: any Encoder) throws { try NullEncoding.encode(self, to: encoder) }
}
