/// Everything the guards need that lives outside the case (looked up by the store/worker from the database).
public struct CaseFacts: Codable, Sendable, Equatable {
    /// City key of the applicant's place of work.
    public var applicantWorkCity: String
    /// The employer is a research institute or technology enterprise in the Hetao Shenzhen Park.
    public var applicantEmployerInHetaoPark: Bool
    /// The last valid day of the applicant's current EEP.
    public var eepExpiresOn: CivilDate
    /// The last valid day of the new EEP, set once the new EEP (when requested) is recorded.
    public var newEEPExpiresOn: CivilDate?
    /// On a recommendation list (outstanding talent).
    public var onRecommendationList: Bool
    /// On an official arbitrator list (legal talent).
    public var onArbitratorList: Bool
    /// On an official mediator list (legal talent).
    public var onMediatorList: Bool
    /// Person × employer registration with the park is active on the date in question.
    public var hetaoRegistrationActive: Bool
    /// Destinations of this applicant's OTHER open cases.
    public var otherOpenCaseDestinations: Set<Destination>
    /// Destinations for which the applicant holds an active endorsement (renewal/supersede information).
    public var activeEndorsementDestinations: Set<Destination>

    /// Makes facts; everything but the place of work and the EEP defaults to "no".
    public init(
        applicantWorkCity: String,
        applicantEmployerInHetaoPark: Bool = false,
        eepExpiresOn: CivilDate,
        newEEPExpiresOn: CivilDate? = nil,
        onRecommendationList: Bool = false,
        onArbitratorList: Bool = false,
        onMediatorList: Bool = false,
        hetaoRegistrationActive: Bool = false,
        otherOpenCaseDestinations: Set<Destination> = [],
        activeEndorsementDestinations: Set<Destination> = []
    ) {
        self.applicantWorkCity = applicantWorkCity
        self.applicantEmployerInHetaoPark = applicantEmployerInHetaoPark
        self.eepExpiresOn = eepExpiresOn
        self.newEEPExpiresOn = newEEPExpiresOn
        self.onRecommendationList = onRecommendationList
        self.onArbitratorList = onArbitratorList
        self.onMediatorList = onMediatorList
        self.hetaoRegistrationActive = hetaoRegistrationActive
        self.otherOpenCaseDestinations = otherOpenCaseDestinations
        self.activeEndorsementDestinations = activeEndorsementDestinations
    }
}
