import ArgumentParser
import Foundation
import PermitCore
import PermitStore
import Postgres

/// `--as-of DATE[THH:MM]`, else `PERMIT_NOW`, else the real clock: the instant a command acts at, as wall time in
/// Asia/Shanghai. A bare date means the end of that day (23:59:59). Acting at a chosen instant is refused
/// (exit 1, `as_of_in_production`) unless the database's purpose is training or what_if.
struct ClockOptions: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Act as at this instant, Asia/Shanghai: YYYY-MM-DD (the end of that day) or YYYY-MM-DDTHH:MM "
                               + "(default: $PERMIT_NOW, else now). Only on a training or what-if database.",
                               valueName: "date[Thh:mm]"))
    var asOf: String?

    func validate() throws {
        _ = try ChosenTime.resolve(asOf)
    }

    /// The instant to act at, after checking that the database's purpose allows a chosen one.
    func acting(on pool: PostgresPool) async throws -> ActingTime {
        let time = try ChosenTime.resolve(asOf)
        try await DatabasePurpose.requireAllowed(time, pool: pool)
        return time
    }
}

/// `--as-of` for commands that only read ("today" for checks, overdue flags): allowed on any database.
struct ViewClockOptions: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Show as at this instant, Asia/Shanghai: YYYY-MM-DD (the end of that day) or YYYY-MM-DDTHH:MM "
                               + "(default: $PERMIT_NOW, else now). Read only: any database.",
                               valueName: "date[Thh:mm]"))
    var asOf: String?

    func validate() throws {
        _ = try ChosenTime.resolve(asOf)
    }

    /// The instant to look from.
    func time() throws -> ActingTime {
        try ChosenTime.resolve(asOf)
    }
}

/// Reads `--as-of` or `PERMIT_NOW`.
enum ChosenTime {
    /// The instant `asOf` names, else `PERMIT_NOW`, else the clock; a malformed value is bad usage naming its source.
    static func resolve(_ asOf: String?) throws -> ActingTime {
        if let asOf {
            guard let time = ActingTime(parsing: asOf) else { throw ValidationError(problem(asOf, source: "--as-of")) }
            return time
        }
        if let text = ProcessInfo.processInfo.environment["PERMIT_NOW"], !text.isEmpty {
            guard let time = ActingTime(parsing: text) else { throw ValidationError(problem(text, source: "PERMIT_NOW")) }
            return time
        }
        return .clock()
    }

    private static func problem(_ text: String, source: String) -> String {
        "\(source): '\(text)' is not an instant written YYYY-MM-DD or YYYY-MM-DDTHH:MM (Asia/Shanghai), e.g. 2026-09-29 or 2026-09-29T09:30"
    }
}
