import Logging
import PermitStore

/// The worker's logger for one job: adds the job's id, kind and case to each line it actually writes.
struct JobLogger: Sendable {
    /// The worker's logger.
    let logger: Logger
    /// The job the lines are about.
    let job: ClaimedJob

    private func with(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var all: Logger.Metadata = ["job": "\(job.id)", "kind": "\(job.kind)"]
        if let caseID = job.caseID { all["case"] = "\(caseID)" }
        return all.merging(metadata) { _, new in new }
    }

    func debug(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.debug(message(), metadata: with(metadata()))
    }

    func info(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.info(message(), metadata: with(metadata()))
    }

    func warning(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.warning(message(), metadata: with(metadata()))
    }

    func error(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.error(message(), metadata: with(metadata()))
    }
}
