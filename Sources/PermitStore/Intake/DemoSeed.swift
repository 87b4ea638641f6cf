import Foundation
import Logging
import PermitCore
import Postgres

/// What `seeds/demo/demo.json` holds: demo staff, employers and applicants.
public struct DemoSeedFile: Sendable, Decodable {
    /// A person (or the demo worker) in staff, with a login of their own.
    public struct Person: Sendable, Decodable {
        /// Name, as history shows it.
        public let name: String
        /// Database login.
        public let login: String
        /// clerk, caseworker, supervisor, reader or worker.
        public let role: LoginRole
    }
    /// An employer.
    public struct Employer: Sendable, Decodable {
        /// Credit code, name, city and park membership.
        public let creditCode: String, name: String, city: String, hetaoPark: Bool
    }
    /// An applicant with an EEP.
    public struct Applicant: Sendable, Decodable {
        /// The applicant's fields, as on the command line.
        public let nationalId: String, name: String, birthDate: CivilDate, workCity: String, employer: String
        /// The EEP.
        public let eepNumber: String, eepExpires: CivilDate
    }
    /// Demo staff.
    public let staff: [Person]
    /// Demo employers.
    public let employers: [Employer]
    /// Demo applicants.
    public let applicants: [Applicant]
}

/// What the demo seed added.
public struct DemoSeedReport: Sendable, Codable, Equatable {
    /// Logins created, with their one-time passwords (people already with a login are left alone).
    public var staff: [StaffLogin] = []
    /// New employers and applicants (rows already present are left alone).
    public var employers = 0, applicants = 0
}

/// Loads the demo data of `seeds/demo/`: logins for the demo staff who have none (as the operator), then employers
/// and applicants in one transaction; rows already present are left unchanged.
public enum DemoSeed {
    /// Reads `directory/demo.json`.
    public static func file(in directory: URL) throws -> DemoSeedFile {
        let url = directory.appendingPathComponent("demo.json")
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(DemoSeedFile.self, from: try Data(contentsOf: url))
        } catch {
            throw StoreError.invalid("seeds", "\(url.path) cannot be read: \(error)")
        }
    }

    /// Loads `directory/demo.json`, on an operator's pool.
    public static func load(from directory: URL, at now: Date, pool: PostgresPool, logger: Logger) async throws -> DemoSeedReport {
        let file = try file(in: directory)
        for employer in file.employers {
            do { _ = try CreditCode(validating: employer.creditCode) } catch {
                throw StoreError.invalid("seeds", "employer \(employer.name): credit code \(error.description)")
            }
        }
        for applicant in file.applicants {
            do { _ = try NationalID(validating: applicant.nationalId) } catch {
                throw StoreError.invalid("seeds", "applicant \(applicant.name): national ID \(error.description)")
            }
        }
        let existing = Set(try await StaffDirectory.list(pool: pool).filter { $0.login != nil }.map(\.name))
        // One transaction for the logins and the rows: a failure leaves no login whose one-time password was never shown.
        return try await StaffDirectory.administer(pool) { connection in
            var report = DemoSeedReport(staff: [])
            for person in file.staff where !existing.contains(person.name) {
                report.staff.append(try await StaffDirectory.add(name: person.name, login: person.login, role: person.role, at: now,
                                                                 on: connection))
            }
            for employer in file.employers {
                report.employers += try await connection.query("""
                    INSERT INTO employers (credit_code, name, city, in_hetao_park)
                    VALUES (\(employer.creditCode), \(employer.name), \(employer.city), \(employer.hetaoPark)) ON CONFLICT DO NOTHING
                    """).affectedRows
            }
            for applicant in file.applicants {
                let id = UUID()
                let inserted = try await connection.query("""
                    INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
                    VALUES (\(id), \(applicant.nationalId), \(applicant.name), \(applicant.birthDate.postgres), \(applicant.workCity),
                            \(applicant.employer)) ON CONFLICT DO NOTHING
                    """).affectedRows
                if inserted == 1 {
                    try await connection.query("""
                        INSERT INTO travel_documents (number, applicant_id, expires_on)
                        VALUES (\(applicant.eepNumber), \(id), \(applicant.eepExpires.postgres))
                        """)
                }
                report.applicants += inserted
            }
            logger.info("demo data loaded", metadata: ["staff": "\(report.staff)", "employers": "\(report.employers)"])
            return report
        }
    }
}
