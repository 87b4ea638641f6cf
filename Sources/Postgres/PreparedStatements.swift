/// The named prepared statements of one connection, keyed by SQL text.
///
/// A statement is prepared (PQprepare, parameter types left to the server) the first time its SQL is run on the
/// connection and executed by name (PQexecPrepared) from then on, so the server parses and plans it once.
/// The cache lives and dies with its connection: a replaced connection starts with an empty one. The least
/// recently used statement is forgotten past `capacity`, and its server-side statement is deallocated later.
struct PreparedStatements {
    /// The most statements kept prepared on one connection.
    let capacity: Int
    private var names: [String: Entry] = [:]
    private var nextNumber = 0
    private var clock = 0
    /// Statements forgotten here that still exist on the server (deallocated when the connection is next idle).
    private(set) var stale: [String] = []

    private struct Entry {
        var name: String
        var lastUsed: Int
    }

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The statement name prepared for `sql`, if any; marks it used.
    mutating func name(for sql: String) -> String? {
        guard var entry = names[sql] else { return nil }
        clock += 1
        entry.lastUsed = clock
        names[sql] = entry
        return entry.name
    }

    /// A fresh name for `sql` (not yet recorded: call `record` once the server accepted the Parse).
    mutating func newName() -> String {
        nextNumber += 1
        return "pf_\(nextNumber)"
    }

    /// Records that `name` is prepared on the server for `sql`; the least recently used statement makes room.
    mutating func record(_ name: String, for sql: String) {
        if names.count >= capacity, let oldest = names.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            names[oldest.key] = nil
            stale.append(oldest.value.name)
        }
        clock += 1
        names[sql] = Entry(name: name, lastUsed: clock)
    }

    /// Forgets the statement for `sql` (its plan no longer fits); its server-side statement is deallocated later.
    mutating func forget(_ sql: String) {
        guard let entry = names.removeValue(forKey: sql) else { return }
        stale.append(entry.name)
    }

    /// Forgets every statement without deallocating: the server no longer has them (DISCARD ALL, DEALLOCATE ALL).
    mutating func forgetAll() {
        names.removeAll()
        stale.removeAll()
    }

    /// The stale names to deallocate now; they are no longer tracked.
    mutating func takeStale() -> [String] {
        defer { stale.removeAll() }
        return stale
    }

    /// How many statements are prepared (for tests and diagnostics).
    var count: Int { names.count }
}
