import Foundation
import Testing
@testable import PermitCore

/// The shipped seeds, loaded once from the repository (no test fakes its own policy unless it says so).
enum Seeds {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static let policies: PolicyBook = {
        do { return try PolicyBook.load(seeds: root) } catch {
            fatalError("seeds/policy.json and seeds/places.json do not load: \(error)")
        }
    }()

    static let places: Places = {
        do { return try Places.load(contentsOf: root.appendingPathComponent("places.json")) } catch {
            fatalError("seeds/places.json does not load: \(error)")
        }
    }()

    static let calendar: WorkingDayCalendar = {
        do { return try WorkingDayCalendar.load(directory: root.appendingPathComponent("calendar")) } catch {
            fatalError("seeds/calendar does not load: \(error)")
        }
    }()

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
}

/// Short names for dates and instants in tests.
func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

/// 10:00 in Shanghai on `text`.
func at(_ text: String) -> Date {
    day(text).startOfDay(in: Seeds.shanghai).addingTimeInterval(10 * 3600)
}

enum People {
    static let clerk = Actor(name: "chen.clerk", role: .clerk)
    static let clerk2 = Actor(name: "li.clerk", role: .clerk)
    static let alice = Actor(name: "alice", role: .caseworker)
    static let bob = Actor(name: "bob", role: .caseworker)
    static let carol = Actor(name: "carol", role: .caseworker)
    static let sam = Actor(name: "sam", role: .supervisor)
    static let system = Actor.system

    /// One actor per role, for table-wide tests.
    static func any(_ role: StaffRole) -> Actor {
        switch role {
        case .clerk: return clerk
        case .caseworker: return alice
        case .supervisor: return sam
        case .system: return system
        }
    }
}

/// Cases and facts that pass every guard unless a test changes them.
enum Sample {
    static let caseID = UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!
    static let applicantID = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!

    static func draft(
        _ category: TalentCategory = .research, destinations: [Destination] = [.hongKong, .macao],
        office: String = "shenzhen", newEEP: Bool = false
    ) -> CaseFile {
        CaseFile.draft(
            id: caseID, applicantID: applicantID, category: category, destinations: destinations,
            office: office, newEEPRequested: newEEP)
    }

    static func facts(city: String = "shenzhen", eep: String = "2035-01-01") -> CaseFacts {
        CaseFacts(
            applicantWorkCity: city, applicantEmployerInHetaoPark: true, eepExpiresOn: day(eep),
            onRecommendationList: true, onArbitratorList: true, hetaoRegistrationActive: true)
    }

    static func requiredDocuments(_ category: TalentCategory, on date: String = "2026-03-02") -> [DocumentKind] {
        Seeds.policies.inForce(on: day(date))?.rule(for: category)?.documents ?? []
    }
}

/// Drives one case through events, stopping the test at the first unexpected refusal.
struct CaseRun {
    var caseFile: CaseFile
    var facts: CaseFacts
    var steps: [CaseStep] = []

    init(_ caseFile: CaseFile, facts: CaseFacts = Sample.facts()) {
        self.caseFile = caseFile
        self.facts = facts
    }

    func attempt(_ event: CaseEvent, by actor: Actor, on date: String) -> Result<CaseStep, Refusal> {
        CaseMachine.apply(
            event, to: caseFile, by: actor, at: at(date), facts: facts,
            policies: Seeds.policies, calendar: Seeds.calendar)
    }

    @discardableResult
    mutating func fire(_ event: CaseEvent, by actor: Actor, on date: String, sourceLocation: SourceLocation = #_sourceLocation) -> CaseStep? {
        switch attempt(event, by: actor, on: date) {
        case .success(let step):
            caseFile = step.caseFile
            steps.append(step)
            return step
        case .failure(let refusal):
            Issue.record("\(event.kind.rawValue) by \(actor.name) on \(date) refused: \(refusal)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The refusal code of `event`, or nil if it would succeed.
    func refusal(_ event: CaseEvent, by actor: Actor, on date: String) -> String? {
        if case .failure(let refusal) = attempt(event, by: actor, on: date) { return refusal.code }
        return nil
    }

    /// Hands in every required document with the form, then submits, screens and accepts the case.
    mutating func accept(on date: String, by clerk: Actor = People.clerk) {
        caseFile.documentsReceived = Set(Sample.requiredDocuments(caseFile.category, on: date))
        fire(.submit, by: clerk, on: date)
        fire(.beginScreening, by: People.system, on: date)
        fire(.screeningPassed, by: People.system, on: date)
    }
}
