import Foundation
import PermitCore
import PermitStore
import PermitTestSupport
@testable import PermitWorker
import Postgres
import Testing

/// `permit bench --scale N` loads its cases in bulk: they must still be cases the rest of the system accepts.
@Suite("Bench: cases loaded at scale")
struct CaseListScaleTests {
    @Test("the scale part's cases carry history chains that verify, and each caseworker command is measured")
    func scaleLoadsVerifiableCases() async throws {
        let db = try await PermitDatabase.create("bench_scale")
        _ = try await DatabasePurpose.record(.whatIf, note: "loaded with three years of backdated cases", pool: db.pool)
        let bench = try await BenchmarkCases.prepare(pool: db.pool, logger: db.logger)
        let before = try await db.count("SELECT count(*)::int FROM applications")
        let figures = try await ThroughputBenchmark.scaleQueries(BenchmarkParts(scale: 300, scaleSamples: 3), pool: db.pool, bench: bench,
                                                                 configuration: db.database.configuration, logger: db.logger,
                                                                 progress: { _ in })
        #expect(try await db.count("SELECT count(*)::int FROM applications") == before + 300)
        #expect(try await db.count("SELECT count(*)::int FROM case_transitions WHERE actor = 'Scale Clerk'") == 300)
        #expect(Set(figures.map(\.command)).count == 5, "\(figures.map(\.command))")
        #expect(figures.allSatisfy { $0.samples == 3 && $0.p99Milliseconds >= $0.p50Milliseconds && $0.p50Milliseconds > 0 })
        let audit = try await HistoryAudit.verify(pool: db.pool)
        #expect(audit.intact, "\(audit.findings.prefix(3))")
        #expect(audit.entries >= 300)
        await db.close()
    }
}
