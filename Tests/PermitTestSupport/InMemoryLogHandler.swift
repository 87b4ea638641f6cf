import Logging
import Synchronization

/// Log records kept in memory, shared by every logger made from it.
public final class LogStore: Sendable {
    /// One emitted log message.
    public struct Record: Sendable {
        /// The logger's label.
        public let label: String
        /// The level it was logged at.
        public let level: Logger.Level
        /// The message text.
        public let message: String
        /// The logger's and the call's metadata, merged.
        public let metadata: Logger.Metadata
        /// The module that logged it.
        public let source: String
    }

    private let storage = Mutex<[Record]>([])

    /// Creates an empty store.
    public init() {}

    /// All records so far, in order.
    public var records: [Record] { storage.withLock { $0 } }

    /// Records whose message contains `text`.
    public func records(containing text: String) -> [Record] {
        records.filter { $0.message.contains(text) }
    }

    /// Forgets every record.
    public func removeAll() {
        storage.withLock { $0.removeAll() }
    }

    /// A logger writing into this store at `level` and above.
    public func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { label in InMemoryLogHandler(label: label, store: self) }
        logger.logLevel = level
        return logger
    }

    func append(_ record: Record) {
        storage.withLock { $0.append(record) }
    }
}

/// A log handler that keeps records in memory, for tests.
public struct InMemoryLogHandler: LogHandler {
    /// Where records go.
    public let store: LogStore
    /// The logger's label.
    public let label: String
    /// The lowest level recorded.
    public var logLevel: Logger.Level = .trace
    /// Metadata added to every record.
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler writing into `store`.
    public init(label: String, store: LogStore) {
        self.label = label
        self.store = store
    }

    /// Records the event.
    public func log(event: LogEvent) {
        store.append(LogStore.Record(
            label: label,
            level: event.level,
            message: event.message.description,
            metadata: metadata.merging(event.metadata ?? [:]) { $1 },
            source: event.source
        ))
    }

    /// One metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
