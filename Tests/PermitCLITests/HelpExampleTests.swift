import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// Every example in every `--help` names IDs and codes that pass their own checks.
@Suite("permit: help examples")
struct HelpExampleTests {
    /// `permit <path> --help`, unwrapped.
    func help(_ path: [String], _ permit: PermitProcess) async throws -> String {
        let result = try await permit.run(path + ["--help"], environment: ["COLUMNS": "1000"])
        guard result.status == 0 else { throw CLIFailure(result: result) }
        return result.stdout
    }

    /// The subcommand names listed in a help text.
    func subcommands(in help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n").prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("See '") }
            .compactMap { line in
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            }
    }

    /// The example command lines of a help text (continued lines joined), as argument lists after `permit`.
    func examples(in help: String) -> [[String]] {
        let body = help.components(separatedBy: "USAGE:").first ?? help
        var lines: [String] = []
        var pending = ""
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("\\") {
                pending += String(trimmed.dropLast()) + " "
            } else {
                lines.append(pending + trimmed)
                pending = ""
            }
        }
        // A command line starts with `permit`, perhaps after environment assignments (`DATABASE_URL=… permit …`).
        return lines.compactMap { line in
            let words = Self.words(line)
            guard let start = words.firstIndex(of: "permit"), words[..<start].allSatisfy({ $0.contains("=") }) else { return nil }
            return Array(words[(start + 1)...])
        }
    }

    /// Shell-like words: spaces separate, double quotes group.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle(); continue }
            if character == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The problems with one example's IDs and codes (empty when all pass).
    func problems(_ arguments: [String], places: Places) -> [String] {
        var problems: [String] = []
        let cities = Set(places.cities.map(\.key)), provinces = Set(places.provinces.map(\.key))
        let birth = arguments.firstIndex(of: "--birth-date").flatMap { arguments.indices.contains($0 + 1) ? CivilDate(iso: arguments[$0 + 1]) : nil }
        for (index, word) in arguments.enumerated() {
            let flag = index > 0 ? arguments[index - 1] : ""
            func check(_ passes: Bool, _ what: String) { if !passes { problems.append("\(what) \(word)") } }
            switch flag {
            case "--national-id":
                let id = try? NationalID(validating: word)
                check(id != nil, "national ID fails its check character:")
                if let id, let birth { check(id.birthDate == birth, "national ID does not match --birth-date:") }
            case "--credit-code", "--employer":
                check((try? CreditCode(validating: word)) != nil, "credit code fails its check character:")
            case "--work-city", "--city", "--office":
                check(cities.contains(Office(key: word).cityKey), "unknown city:")
            case "--province":
                check(provinces.contains(word), "unknown province:")
            case "--category":
                check(TalentCategory(rawValue: word) != nil, "unknown category:")
            case "--destinations":
                check(word.split(separator: ",").allSatisfy { Destination(rawValue: String($0)) != nil }, "unknown destination:")
            case "--received", "--missing":
                check(word.split(separator: ",").allSatisfy { DocumentKind(rawValue: String($0)) != nil }, "unknown document:")
            case "--eep-number", "--number":
                check((6...12).contains(word.count) && word.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }, "bad EEP number:")
            case "--as-of", "--birth-date", "--eep-expires", "--expires", "--accepted-on":
                check(ActingTime(parsing: word) != nil, "not a real day or instant:")
            default:
                break
            }
            if word.count == 36, word.filter({ $0 == "-" }).count == 4 { check(UUID(uuidString: word) != nil, "not a UUID:") }
            if word.range(of: #"^(HK|MO)[0-9]+$"#, options: .regularExpression) != nil {
                check(word.range(of: #"^(HK|MO)20[0-9]{2}[0-9]{7}$"#, options: .regularExpression) != nil, "not an endorsement number:")
            }
        }
        return problems
    }

    @Test("every example that carries an ID or a code passes its checks")
    func examplesPassTheirChecks() async throws {
        let database = try await PermitDatabase.create("cli_help", seeded: false)
        defer { Task { await database.close() } }
        let permit = PermitProcess(database: database)
        let places = try Places.load(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("seeds/places.json"))
        var queue: [[String]] = [[]]
        var checked = 0
        var withIdentifiers = 0
        while let path = queue.popLast() {
            let text = try await help(path, permit)
            queue += subcommands(in: text).map { path + [$0] }
            for example in examples(in: text) {
                checked += 1
                #expect(example.first == path.first || path.isEmpty, "\(path): example for another command: \(example)")
                let found = problems(example, places: places)
                #expect(found.isEmpty, "\(path.joined(separator: " ")): \(example.joined(separator: " ")): \(found)")
                if example.contains(where: { ["--national-id", "--credit-code", "--employer", "--applicant"].contains($0) || UUID(uuidString: $0) != nil }) {
                    withIdentifiers += 1
                }
            }
        }
        // The walk found the examples (a help layout change must not make this test pass by finding none).
        #expect(checked > 40, "\(checked) examples")
        #expect(withIdentifiers > 20, "\(withIdentifiers) examples with IDs")
    }
}
