import Foundation
import PermitTestSupport
import Testing

/// Headless Chromium (Debian's `chromium`, which `.ci/run` installs) loads the overview and a case page as a
/// supervisor's browser would; the numbers in the rendered DOM must be the database's, and the screenshots are
/// written to `PERMIT_SCREENSHOT_DIR` (the README's picture: `PERMIT_SCREENSHOT_DIR=docs swift test --filter Chromium`).
extension DashboardSuites {
    @Suite("The dashboard in headless Chromium", .serialized)
    struct ChromiumTests {
        @Test func theOverviewAndACasePageShowTheDatabasesNumbers() async throws {
            let office = try await DashboardFixture.office()
            let dashboard = try await DashboardFixture.dashboard()
            let credentials = "\(ScramCluster.readerLogin):\(ScramCluster.readerPassword.replacingOccurrences(of: " ", with: "%20"))"
            let base = "http://\(credentials)@127.0.0.1:\(dashboard.port)"
            let facts = try await DatabaseFacts.read(office)

            let overview = try Chromium.dumpDOM("\(base)/")
            for (state, count) in facts.casesByState {
                #expect(HTMLNumbers.value("cases-\(state)", in: overview) == count, "cases in \(state) on screen")
            }
            #expect(HTMLNumbers.value("cases-overdue", in: overview) == facts.overdue)
            #expect(HTMLNumbers.daysLeft(of: office.past, in: overview) == facts.daysLeft(office.past))
            #expect(HTMLNumbers.daysLeft(of: office.near, in: overview) == facts.daysLeft(office.near))

            let id = office.decided.uuidString.lowercased()
            let casePage = try Chromium.dumpDOM("\(base)/cases/\(id)")
            #expect(HTMLNumbers.value("history-rows", in: casePage) == facts.cases[office.decided]?.historyRows)
            #expect(casePage.contains("data-metric=\"case-state\">\(facts.cases[office.decided]?.state ?? "?")<"))

            let folder = ProcessInfo.processInfo.environment["PERMIT_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0, relativeTo: TestDatabase.repositoryRoot) }
                ?? FileManager.default.temporaryDirectory
            for (name, url, height) in [("dashboard-overview.png", "\(base)/", 1500), ("dashboard-case.png", "\(base)/cases/\(id)", 1400)] {
                let file = folder.appendingPathComponent(name)
                try Chromium.screenshot(url, to: file, height: height)
                let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                #expect(size > 20_000, "\(name) is \(size) bytes")
            }
        }
    }

}

/// Runs Debian's headless Chromium (`--no-sandbox` as root, where its sandbox cannot start).
enum Chromium {
    static func dumpDOM(_ url: String) throws -> String {
        try run(["--dump-dom", url])
    }

    static func screenshot(_ url: String, to file: URL, height: Int) throws {
        _ = try run(["--screenshot=\(file.path)", "--window-size=1280,\(height)", "--hide-scrollbars", url])
    }

    private static func run(_ arguments: [String]) throws -> String {
        let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw HTTPFailure(message: "chromium is not installed: apt-get install chromium (.ci/run does)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("permitflow-chromium-\(getpid())")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--timeout=15000"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HTTPFailure(message: "chromium exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
