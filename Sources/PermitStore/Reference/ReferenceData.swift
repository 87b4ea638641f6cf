import Foundation
import Logging
import PermitCore
import Postgres
import Synchronization

/// The policy versions and working-day calendar loaded from the database, which PermitCore decides with.
public struct ReferenceData: Sendable {
    /// Every policy version, by effective date.
    public let policies: PolicyBook
    /// The working-day calendar.
    public let calendar: WorkingDayCalendar
    /// The keys of the known cities.
    public let cityKeys: Set<String>

    /// Reads the reference tables; refuses with `notReady` when no policy was loaded (`permit seed`).
    public static func load(on connection: PostgresConnection) async throws -> ReferenceData {
        let documents = try await connection.query("SELECT document::text AS document FROM policy_versions ORDER BY effective_from")
        guard !documents.isEmpty else {
            throw StoreError(.notReady, "no policy is loaded in this database: run `permit seed` first")
        }
        let decoder = JSONDecoder()
        let policies = try documents.map { row -> Policy in
            try decoder.decode(Policy.self, from: Data(try row.decode("document", as: String.self).utf8))
        }
        let years = try await connection.query("SELECT document::text AS document FROM calendar_years ORDER BY year").map { row in
            try decoder.decode(CalendarYear.self, from: Data(try row.decode("document", as: String.self).utf8))
        }
        let places = try await PlacesReading.load(on: connection)
        let calendar = WorkingDayCalendar(years: years)
        return ReferenceData(policies: PolicyBook(policies: policies, places: places), calendar: calendar,
                             cityKeys: Set(places.cities.map(\.key)))
    }
}

/// Keeps the reference data of one database in memory; policy versions never change once loaded.
public final class ReferenceCache: Sendable {
    private struct Entry {
        var data: ReferenceData
        var loadedAt: Date
    }

    /// The cached data; a lock rather than an actor, so a cache hit costs no hop between executors.
    private let entry = Mutex<Entry?>(nil)
    /// How long the cached calendar is trusted before it is read again (calendar corrections are rare).
    public let refreshSeconds: TimeInterval

    /// Creates an empty cache.
    public init(refreshSeconds: TimeInterval = 300) {
        self.refreshSeconds = refreshSeconds
    }

    /// The reference data, read from `connection` the first time and after `refreshSeconds`.
    public func data(on connection: PostgresConnection) async throws -> ReferenceData {
        let now = Date()
        if let cached = entry.withLock({ $0 }), now.timeIntervalSince(cached.loadedAt) < refreshSeconds {
            return cached.data
        }
        // Two callers may both miss and both read; the later read simply replaces the earlier.
        let fresh = try await ReferenceData.load(on: connection)
        entry.withLock { $0 = Entry(data: fresh, loadedAt: Date()) }
        return fresh
    }

    /// Forgets the cached data (after `permit seed`).
    public func invalidate() {
        entry.withLock { $0 = nil }
    }
}

extension CivilDate {
    /// The same day as PostgreSQL's `date`.
    public init(_ date: PostgresDate) {
        self.init(year: date.year, month: date.month, day: date.day)
    }

    /// This day as PostgreSQL's `date`.
    public var postgres: PostgresDate {
        PostgresDate(year: year, month: month, day: day)
    }
}
