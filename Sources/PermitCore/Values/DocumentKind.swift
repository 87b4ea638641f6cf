/// A supporting document an applicant may have to bring; which ones a category needs is policy data.
public enum DocumentKind: String, CaseIterable, Codable, Sendable, Comparable {
    /// Proof of employment issued by the employer.
    case employmentCertificate = "employment-certificate"
    /// Professional title certificate (associate-senior or higher).
    case titleCertificate = "title-certificate"
    /// Recognition by the region's talent or S&T authority.
    case recognitionCertificate = "recognition-certificate"
    /// A written recommendation supporting an outstanding-talent application verified by a person.
    case recommendationLetter = "recommendation-letter"

    /// Orders documents by their stable name.
    public static func < (lhs: DocumentKind, rhs: DocumentKind) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
