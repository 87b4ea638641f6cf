import Foundation
import PermitCore
import Postgres

/// What a clerk gives to register an applicant with their current EEP.
public struct NewApplicant: Sendable, Equatable {
    /// The 18-character resident identity card number.
    public var nationalID: String
    /// The applicant's name.
    public var name: String
    /// The birth date (must match the one the national ID encodes).
    public var birthDate: CivilDate
    /// The city key of the place of work.
    public var workCity: String
    /// The employer's unified social credit code.
    public var employerCode: String
    /// The EEP number.
    public var eepNumber: String
    /// The EEP's expiry date.
    public var eepExpiresOn: CivilDate

    /// Creates the request.
    public init(nationalID: String, name: String, birthDate: CivilDate, workCity: String, employerCode: String,
                eepNumber: String, eepExpiresOn: CivilDate) {
        self.nationalID = nationalID
        self.name = name
        self.birthDate = birthDate
        self.workCity = workCity
        self.employerCode = employerCode
        self.eepNumber = eepNumber
        self.eepExpiresOn = eepExpiresOn
    }
}

/// An applicant with their EEPs, registrations and list entries.
public struct ApplicantRecord: Sendable, Equatable, Codable {
    /// One EEP.
    public struct TravelDocument: Sendable, Equatable, Codable {
        /// The EEP number.
        public let number: String
        /// Its expiry.
        public let expiresOn: String
        /// The day it ended early, if it did.
        public let cancelledOn: String?
    }
    /// The applicant's id.
    public let id: UUID
    /// The national ID.
    public let nationalId: String
    /// The name.
    public let name: String
    /// The birth date.
    public let birthDate: String
    /// The place of work's city key.
    public let workCity: String
    /// The employer's credit code.
    public let employerCode: String
    /// The EEPs, the last recorded first.
    public let travelDocuments: [TravelDocument]
    /// The reference lists the applicant is on.
    public let lists: [String]
    /// The Hetao registrations: "employer status since".
    public let hetaoRegistrations: [String]
}

/// Applicants and their travel documents.
public enum ApplicantRegistry {
    /// Registers an applicant and their current EEP; returns the new applicant id.
    public static func add(_ applicant: NewApplicant, at now: Date, pool: PostgresPool) async throws -> UUID {
        let id: NationalID
        do { id = try NationalID(validating: applicant.nationalID) } catch { throw StoreError.invalid("national-id", error.description) }
        guard id.birthDate == applicant.birthDate else {
            throw StoreError.invalid("birth-date", "\(applicant.birthDate) does not match the national ID, which encodes \(id.birthDate)")
        }
        let name = try TextField.validated(applicant.name, field: "name", maximum: 100)
        let eep = try TravelDocumentNumber.validated(applicant.eepNumber)
        guard applicant.eepExpiresOn > applicant.birthDate else {
            throw StoreError.invalid("eep-expires", "\(applicant.eepExpiresOn) is before the birth date")
        }
        let today = CivilDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
        guard applicant.birthDate < today else {
            throw StoreError.invalid("birth-date", "\(applicant.birthDate) is not in the past")
        }
        let applicantID = UUID()
        return try await StoreTransaction.run(on: pool) { connection in
            try await Cities.require(applicant.workCity, field: "work-city", on: connection)
            let employer = try await connection.query("SELECT 1 FROM employers WHERE credit_code = \(applicant.employerCode.uppercased())")
            guard !employer.isEmpty else {
                throw StoreError.invalid("employer", "no employer is registered with credit code \(applicant.employerCode); `permit employer add` registers one")
            }
            let inserted = try await connection.query("""
                INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
                VALUES (\(applicantID), \(id.value), \(name), \(applicant.birthDate.postgres), \(applicant.workCity),
                        \(applicant.employerCode.uppercased()))
                ON CONFLICT (national_id) DO NOTHING
                """)
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalid("national-id", "an applicant with national ID \(id.value) is already registered")
            }
            try await recordEEP(eep, expiresOn: applicant.eepExpiresOn, applicant: applicantID, at: now, on: connection)
            return applicantID
        }
    }

    /// Records a (new) EEP for an applicant at `now`; the last recorded EEP is the current one. An issue held for
    /// this new EEP (an approved case that asked for one) becomes due at once, in the same transaction; returns
    /// how many such issues were woken.
    @discardableResult
    public static func recordEEP(applicant: UUID, number: String, expiresOn: CivilDate, at now: Date, pool: PostgresPool) async throws -> Int {
        let eep = try TravelDocumentNumber.validated(number)
        return try await StoreTransaction.run(on: pool) { connection in
            guard try await NewEEPWait.lockForRecording(applicant: applicant, on: connection) else {
                throw StoreError(.notFound, "applicant: no applicant has the id \(applicant)", field: "applicant")
            }
            try await recordEEP(eep, expiresOn: expiresOn, applicant: applicant, at: now, on: connection)
            return try await NewEEPWait.wake(applicant: applicant, at: now, on: connection)
        }
    }

    private static func recordEEP(_ number: String, expiresOn: CivilDate, applicant: UUID, at now: Date,
                                  on connection: PostgresConnection) async throws {
        let inserted = try await connection.query("""
            INSERT INTO travel_documents (number, applicant_id, expires_on, recorded_at)
            VALUES (\(number), \(applicant), \(expiresOn.postgres), \(now))
            ON CONFLICT (number) DO NOTHING
            """)
        guard inserted.affectedRows == 1 else {
            throw StoreError.invalid("eep-number", "EEP \(number) is already recorded")
        }
    }

    /// One applicant with EEPs, list entries and registrations (the national ID masked for readers: the
    /// database's `applicant_directory` decides).
    public static func show(_ id: UUID, pool: PostgresPool) async throws -> ApplicantRecord {
        try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT id, national_id, name, birth_date::text AS birth_date, work_city, employer_code,
                       coalesce((SELECT string_agg(list, ',' ORDER BY list) FROM list_entries WHERE applicant_id = a.id), '') AS lists
                  FROM applicant_directory a WHERE id = \(id)
                """)
            guard let row = rows.first else {
                throw StoreError(.notFound, "applicant: no applicant has the id \(id)", field: "applicant")
            }
            let documents = try await connection.query("""
                SELECT number, expires_on::text AS expires_on, cancelled_on::text AS cancelled_on FROM travel_documents
                 WHERE applicant_id = \(id) ORDER BY recorded_seq DESC
                """).map {
                ApplicantRecord.TravelDocument(number: try $0.decode("number"), expiresOn: try $0.decode("expires_on"),
                                               cancelledOn: try $0.decode("cancelled_on", as: String?.self))
            }
            let registrations = try await connection.query("""
                SELECT employer_code || ' ' || status || ' since ' || coalesce(cancelled_on, registered_on)::text AS line
                  FROM hetao_registrations WHERE applicant_id = \(id) ORDER BY id
                """).map { try $0.decode("line", as: String.self) }
            let lists: String = try row.decode("lists")
            return ApplicantRecord(id: try row.decode("id"), nationalId: try row.decode("national_id"), name: try row.decode("name"),
                                   birthDate: try row.decode("birth_date"), workCity: try row.decode("work_city"),
                                   employerCode: try row.decode("employer_code"), travelDocuments: documents,
                                   lists: lists.split(separator: ",").map(String.init), hetaoRegistrations: registrations)
        }
    }
}

/// EEP numbers: 6 to 12 letters and digits, stored upper-case.
enum TravelDocumentNumber {
    static func validated(_ number: String) throws -> String {
        let upper = number.trimmingCharacters(in: .whitespaces).uppercased()
        guard (6...12).contains(upper.count), upper.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw StoreError.invalid("eep-number", "must be 6 to 12 letters and digits (e.g. CA1234567)")
        }
        return upper
    }
}
