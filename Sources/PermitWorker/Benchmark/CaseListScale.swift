import Foundation
import Logging
import PermitCore
import PermitStore
import Postgres

/// `permit bench --scale N`: N cases loaded with COPY, then the latency of what caseworkers run all day
/// (`case list` with each filter, `case show`), measured through the same functions the commands call.
///
/// The cases spread over three years of changes: the older ones closed (issued, rejected, withdrawn, lapsed), the last
/// 30 days' open, held by 40 caseworkers when under review or escalated, with a decision due 21 days after their last
/// change (so about a third of the open ones are overdue) or a supplementation due 30 days after.
struct CaseListScale {
    let pool: PostgresPool
    let configuration: PostgresConfiguration
    let logger: Logger

    /// The last change in the loaded data; the measurements look at the cases as of the day after.
    static let lastChange = ISO8601DateFormatter().date(from: "2026-11-30T08:00:00Z")!
    /// The caseworkers who hold cases.
    static let caseworkers = (1...40).map { String(format: "Scale Caseworker %02d", $0) }

    /// Loads `count` cases (and their applicants, EEPs and first history rows) in chunks, each chunk's four COPYs in
    /// one transaction; returns a few hundred of their ids to show.
    func load(count: Int, employer: String, policyVersion: String, progress: @Sendable (String) -> Void) async throws -> [UUID] {
        _ = try await pool.withConnection { connection in
            try await connection.query("""
                INSERT INTO staff (name, role) SELECT unnest(\(Self.caseworkers)::text[]), 'caseworker' UNION ALL SELECT 'Scale Clerk', 'clerk'
                ON CONFLICT DO NOTHING
                """)
        }
        let chunk = 50_000
        var sample: [UUID] = []
        let loader = try await PostgresConnection.connect(configuration, logger: logger)
        // A superuser may load without the per-row triggers (much faster at a million rows); others load with them.
        let replica = try await loader.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .first?.decode("rolsuper", as: Bool.self) ?? false
        do {
            for start in stride(from: 0, to: count, by: chunk) {
                let rows = (start..<min(start + chunk, count)).map { ScaleCase(index: $0, of: count) }
                sample += rows.filter { $0.index % max(1, count / 300) == 0 }.map(\.caseID)
                let tables = try rows.map { try $0.copyLines(employer: employer, policyVersion: policyVersion) }
                try await loader.transaction { connection in
                    if replica {
                        // The rows are consistent by construction: skip the foreign-key and other triggers while loading them.
                        try await connection.execute(simpleSQL: "SET LOCAL session_replication_role = replica")
                    }
                    _ = try await connection.copyIn("COPY applicants (id, national_id, name, birth_date, work_city, employer_code) FROM STDIN",
                                                    lines: tables.map(\.applicant))
                    _ = try await connection.copyIn("COPY travel_documents (number, applicant_id, expires_on, recorded_at) FROM STDIN",
                                                    lines: tables.map(\.document))
                    _ = try await connection.copyIn("""
                        COPY applications (id, applicant_id, category, destinations, office, eep_number, state, version, workflow_version,
                                           policy_version, assignee, submitted_on, decision_due, supplementation_due, reason_code,
                                           snapshot, created_at, updated_at) FROM STDIN
                        """, lines: tables.map(\.application))
                    if replica {
                        // History rows get their chain hash from the database's own trigger, as every history row does.
                        try await connection.execute(simpleSQL: "SET LOCAL session_replication_role = origin")
                    }
                    _ = try await connection.copyIn("""
                        COPY case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at) FROM STDIN
                        """, lines: tables.map(\.history))
                }
                progress("scale: loaded \(start + rows.count) of \(count) cases")
            }
            progress("scale: VACUUM ANALYZE")
            try await loader.execute(simpleSQL: "VACUUM (ANALYZE) applications, applicants, travel_documents, case_transitions")
            await loader.close()
        } catch {
            await loader.close()
            throw error
        }
        return sample
    }

    /// Runs each measured command `samples` times, the kinds interleaved, and returns their latencies.
    func measure(samples: Int, show ids: [UUID], reference: ReferenceCache) async throws -> [ScaleQueryFigures] {
        let today = CivilDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: Self.lastChange).adding(days: 1)
        let now = Self.lastChange.addingTimeInterval(86_400)
        let openStates: [CaseState] = [.submitted, .awaitingDocuments, .accepted, .underReview, .escalated, .issued]
        let kinds = ["case list", "case list --state", "case list --assigned-to", "case list --overdue", "case show"]
        var latencies = [[Double]](repeating: [], count: kinds.count)
        let clock = ContinuousClock()
        for sample in 0..<samples {
            for (kind, _) in kinds.enumerated() {
                let start = clock.now
                switch kind {
                case 0: _ = try await CaseQueries.list(CaseFilter(), today: today, pool: pool)
                case 1: _ = try await CaseQueries.list(CaseFilter(state: openStates[sample % openStates.count]), today: today, pool: pool)
                case 2: _ = try await CaseQueries.list(CaseFilter(assignee: Self.caseworkers[sample % Self.caseworkers.count]),
                                                       today: today, pool: pool)
                case 3: _ = try await CaseQueries.list(CaseFilter(overdue: true), today: today, pool: pool)
                default: _ = try await CaseQueries.detail(ids[sample % ids.count], at: now, reference: reference, pool: pool)
                }
                latencies[kind].append((clock.now - start).inSeconds * 1000)
            }
        }
        return zip(kinds, latencies).map { kind, values in
            let sorted = values.sorted()
            return ScaleQueryFigures(command: kind, samples: sorted.count, p50Milliseconds: sorted[sorted.count / 2],
                                     p99Milliseconds: sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)])
        }
    }
}

/// One generated case of the scale data.
private struct ScaleCase {
    let index: Int
    let caseID = UUID()
    let applicantID = UUID()
    let state: CaseState
    let updatedAt: Date
    let assignee: String?

    init(index: Int, of count: Int) {
        self.index = index
        // Spread over three years, newest last; a fixed scramble of the index so that neighbours differ in state.
        let span = 3 * 365 * 86_400.0
        updatedAt = CaseListScale.lastChange.addingTimeInterval(-span + span * Double(index) / Double(max(count, 1)))
        let open = CaseListScale.lastChange.timeIntervalSince(updatedAt) < 30 * 86_400
        let spin = (index &* 2_654_435_761) % 100
        if open {
            let states: [CaseState] = [.submitted, .awaitingDocuments, .accepted, .underReview, .underReview, .escalated]
            state = states[spin % states.count]
        } else {
            state = spin < 70 ? .issued : spin < 85 ? .rejected : spin < 93 ? .withdrawn : .lapsed
        }
        assignee = [.underReview, .escalated].contains(state) ? CaseListScale.caseworkers[spin % CaseListScale.caseworkers.count] : nil
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// The COPY text lines of its applicant, EEP, case and history row.
    func copyLines(employer: String, policyVersion: String) throws -> (applicant: String, document: String, application: String, history: String) {
        let day = CivilDate(year: 2026, month: 11, day: 30).adding(days: -Int(CaseListScale.lastChange.timeIntervalSince(updatedAt) / 86_400))
        let eep = "S" + Self.digits(index, 9)
        var file = CaseFile.draft(id: caseID, applicantID: applicantID, category: .research, destinations: [.hongKong],
                                  office: "shenzhen", newEEPRequested: false)
        file.state = state
        file.policyVersion = policyVersion
        file.submittedOn = day.adding(days: -2)
        file.assignee = assignee
        switch state {
        case .accepted, .underReview, .escalated: file.deadlines.decisionBy = day.adding(days: 21)
        case .awaitingDocuments: file.deadlines.supplementationBy = day.adding(days: 30)
        default: break
        }
        if state == .rejected { file.reasonCode = "eligibility_not_met" }
        let at = updatedAt.postgresText
        func line(_ values: [String?]) -> String { values.map(PostgresConnection.copyText).joined(separator: "\t") }
        return (
            applicant: line([applicantID.postgresText, "9" + Self.digits(index, 16) + "0", "Scale Applicant \(index)",
                             "1985-03-12", "shenzhen", employer]),
            document: line([eep, applicantID.postgresText, "2034-01-01", at]),
            application: line([caseID.postgresText, applicantID.postgresText, "research", "{HK}", "shenzhen", eep, state.rawValue, "1",
                               file.workflowVersion, policyVersion, assignee, file.submittedOn?.description,
                               file.deadlines.decisionBy?.description, file.deadlines.supplementationBy?.description, file.reasonCode,
                               try CaseSnapshot.encode(file), at, at]),
            history: line([caseID.postgresText, "1", nil, state.rawValue, "open", "Scale Clerk", "{}", at]))
    }
}

/// The latency of one command's queries at scale.
public struct ScaleQueryFigures: Sendable, Codable, Equatable {
    /// The command measured.
    public var command: String
    /// How many times it ran.
    public var samples: Int
    /// The median latency, in milliseconds (client side: statements, round trips and decoding).
    public var p50Milliseconds: Double
    /// The 99th percentile latency, in milliseconds.
    public var p99Milliseconds: Double
}
