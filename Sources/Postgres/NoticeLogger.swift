import CLibPQ
import Logging

/// Routes libpq notices (server NOTICE/WARNING messages, and errors that arrive while a connection is idle)
/// to a `Logger` instead of libpq's default of printing them on stderr.
final class NoticeLogger: Sendable {
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Installs the receiver on `connection`; the caller keeps this object alive as long as the connection.
    func install(on connection: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result else { return }
            Unmanaged<NoticeLogger>.fromOpaque(context).takeUnretainedValue().receive(result)
        }, context)
    }

    private func receive(_ result: OpaquePointer) {
        let severity = PQresultErrorField(result, PERMIT_PG_DIAG_SEVERITY_NONLOCALIZED).map { String(cString: $0) } ?? "NOTICE"
        let message = String(cString: PQresultErrorMessage(result)).trimmingWhitespace
        let sqlState = PQresultErrorField(result, PERMIT_PG_DIAG_SQLSTATE).map { String(cString: $0) } ?? ""
        let level: Logger.Level = switch severity {
        case "WARNING": .warning
        case "ERROR", "FATAL", "PANIC": .info
        default: .debug
        }
        logger.log(level: level, "postgres \(severity.lowercased()): \(message)", metadata: ["sqlstate": "\(sqlState)"])
    }
}
