/// What one talent category grants and requires under one policy version.
public struct CategoryRule: Codable, Sendable, Equatable {
    /// The category.
    public var category: TalentCategory
    /// Validity of each endorsement, in whole years.
    public var validityYears: Int
    /// Which office may take the application.
    public var applyAt: OfficeRule
    /// Documents the applicant must provide.
    public var documents: [DocumentKind]
    /// How eligibility is established beyond documents.
    public var eligibility: EligibilityRule

    /// Makes a rule.
    public init(
        category: TalentCategory, validityYears: Int, applyAt: OfficeRule,
        documents: [DocumentKind], eligibility: EligibilityRule
    ) {
        self.category = category
        self.validityYears = validityYears
        self.applyAt = applyAt
        self.documents = documents
        self.eligibility = eligibility
    }
}

/// Which exit-entry office may take an application.
public enum OfficeRule: String, Codable, Sendable {
    /// Any office in a region (in force for the category) that contains the place of work.
    case anyOfficeInRegion = "any_office_in_region"
    /// Only the office of the city where the applicant works.
    case placeOfWork = "place_of_work"
}

/// How eligibility is established beyond the documents.
public enum EligibilityRule: String, Codable, Sendable {
    /// Documents suffice.
    case documents
    /// On a recommendation list, or verified by a person at the office.
    case recommendationListOrPersonVerification = "recommendation_list_or_person_verification"
    /// On an official arbitrator or mediator list.
    case officialArbitratorOrMediatorList = "official_arbitrator_or_mediator_list"
    /// An active registration with the Hetao Shenzhen Park management (person × employer).
    case hetaoParkRegistration = "hetao_park_registration"
}
