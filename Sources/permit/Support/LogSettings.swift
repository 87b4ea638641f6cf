import Logging
import Foundation

/// How much the CLI logs: warnings by default, more with `PERMIT_LOG_LEVEL` (trace, debug, info, notice, warning, error).
enum LogSettings {
    /// The level chosen from the environment.
    static let level: Logger.Level = {
        let raw = ProcessInfo.processInfo.environment["PERMIT_LOG_LEVEL"]?.lowercased() ?? "warning"
        return Logger.Level(rawValue: raw) ?? .warning
    }()
}
