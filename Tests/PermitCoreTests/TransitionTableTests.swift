import Foundation
import Testing
@testable import PermitCore

/// One table row with a readable name in test output.
struct TableRow: Sendable, CustomTestStringConvertible {
    let workflow: String
    let rule: TransitionRule
    var testDescription: String {
        "\(workflow): \(rule.from.rawValue) --\(rule.event.rawValue)\(rule.when.map { "[\($0.rawValue)]" } ?? "")--> \(rule.to.rawValue)"
    }

    static let all: [TableRow] = WorkflowDefinition.all.flatMap { definition in
        definition.transitions.map { TableRow(workflow: definition.version, rule: $0) }
    }
}

/// A representative event of each kind.
func sampleEvent(_ kind: CaseEventKind) -> CaseEvent {
    switch kind {
    case .submit: return .submit
    case .beginScreening: return .beginScreening
    case .screeningPassed: return .screeningPassed
    case .deemAccepted: return .deemAccepted
    case .requestDocuments: return .requestDocuments([.employmentCertificate])
    case .receiveDocuments: return .receiveDocuments([.employmentCertificate])
    case .refer: return .refer("doubt")
    case .lapse: return .lapse
    case .startReview: return .startReview
    case .verifyEligibility: return .verifyEligibility(note: nil)
    case .approve: return .approve(note: nil)
    case .reject: return .reject(reason: "not_eligible", note: nil)
    case .escalate: return .escalate(note: nil)
    case .extendDeadline: return .extendDeadline(note: nil)
    case .returnToReview: return .returnToReview(note: nil)
    case .withdraw: return .withdraw(note: nil)
    case .issue: return .issue
    case .claim: return .claim
    case .release: return .release
    }
}

/// A case of the workflow's category sitting in `state` (accepted or not, as the rule's condition needs).
func caseIn(_ state: CaseState, workflow: String, accepted: Bool) -> CaseFile {
    var file = Sample.draft(workflow.hasPrefix("hetao") ? .hetaoPark : .research)
    file.workflowVersion = workflow
    file.state = state
    if state != .draft {
        file.policyVersion = "2025-11-05"
        file.submittedOn = day("2026-03-02")
    }
    if accepted { file.acceptedOn = day("2026-03-03") }
    return file
}

@Suite("Transition tables")
struct TransitionTableTests {
    static let structural: Set<String> = [Refusal.Code.transitionNotAllowed, Refusal.Code.roleNotAllowed, Refusal.Code.caseClosed]

    @Test("every allowed (state, event, role) is found, and the engine never refuses it structurally", arguments: TableRow.all)
    func allowed(row: TableRow) throws {
        let rule = row.rule
        let file = caseIn(rule.from, workflow: row.workflow, accepted: rule.when == .afterAcceptance || [.accepted, .underReview, .escalated, .approved].contains(rule.from))
        for role in rule.roles {
            let actor = People.any(role)
            let found = try CaseMachine.findRule(sampleEvent(rule.event), caseFile: file, actor: actor).get()
            #expect(found.0 == rule)
            let result = CaseMachine.apply(
                sampleEvent(rule.event), to: file, by: actor, at: at("2026-03-04"), facts: Sample.facts(),
                policies: Seeds.policies, calendar: Seeds.calendar)
            switch result {
            case .success(let step):
                #expect(step.caseFile.state == rule.to)
                #expect(step.record.from == rule.from && step.record.to == rule.to && step.record.event == rule.event)
            case .failure(let refusal):
                #expect(!Self.structural.contains(refusal.code), "\(role.rawValue): \(refusal)")
            }
        }
    }

    @Test("every role not named by a rule is refused with role_not_allowed", arguments: TableRow.all)
    func forbiddenRoles(row: TableRow) {
        let rule = row.rule
        let file = caseIn(rule.from, workflow: row.workflow, accepted: rule.when == .afterAcceptance)
        for role in StaffRole.allCases where !rule.roles.contains(role) {
            let result = CaseMachine.apply(
                sampleEvent(rule.event), to: file, by: People.any(role), at: at("2026-03-04"), facts: Sample.facts(),
                policies: Seeds.policies, calendar: Seeds.calendar)
            if case .failure(let refusal) = result {
                #expect(refusal.code == Refusal.Code.roleNotAllowed, "\(role.rawValue): \(refusal)")
            } else {
                Issue.record("\(role.rawValue) was allowed to \(rule.event.rawValue)")
            }
        }
    }

    @Test("every (state, event) missing from a table is refused", arguments: WorkflowDefinition.all.map(\.version))
    func forbiddenPairs(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        for state in CaseState.allCases {
            for kind in CaseEventKind.allCases where definition.rules(from: state, event: kind).isEmpty {
                for role in StaffRole.allCases {
                    let file = caseIn(state, workflow: version, accepted: false)
                    let refusal = CaseMachine.findRule(sampleEvent(kind), caseFile: file, actor: People.any(role))
                    let expected = state.isTerminal ? Refusal.Code.caseClosed : Refusal.Code.transitionNotAllowed
                    #expect(throws: Refusal.self) { try refusal.get() }
                    if case .failure(let why) = refusal { #expect(why.code == expected, "\(state.rawValue) \(kind.rawValue)") }
                }
            }
        }
    }

    @Test("every state is reachable from draft", arguments: WorkflowDefinition.all.map(\.version))
    func reachability(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        var seen: Set<CaseState> = [.draft]
        var frontier: [CaseState] = [.draft]
        while let state = frontier.popLast() {
            for rule in definition.transitions where rule.from == state && seen.insert(rule.to).inserted {
                frontier.append(rule.to)
            }
        }
        #expect(seen == Set(CaseState.allCases))
    }

    @Test("no way out of a terminal state; every other state can still end", arguments: WorkflowDefinition.all.map(\.version))
    func terminalStates(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        for rule in definition.transitions { #expect(!rule.from.isTerminal, "\(rule.from.rawValue) has an exit") }
        for state in CaseState.allCases where !state.isTerminal {
            var seen: Set<CaseState> = [state]
            var frontier = [state]
            while let next = frontier.popLast() {
                for rule in definition.transitions where rule.from == next && seen.insert(rule.to).inserted { frontier.append(rule.to) }
            }
            #expect(seen.contains { $0.isTerminal }, "\(state.rawValue) cannot end")
        }
        for state in CaseState.allCases where state.isTerminal {
            for kind in CaseEventKind.allCases {
                for role in StaffRole.allCases {
                    let result = CaseMachine.apply(
                        sampleEvent(kind), to: caseIn(state, workflow: version, accepted: true), by: People.any(role),
                        at: at("2026-03-04"), facts: Sample.facts(), policies: Seeds.policies, calendar: Seeds.calendar)
                    if case .failure(let refusal) = result { #expect(refusal.code == Refusal.Code.caseClosed) } else {
                        Issue.record("\(kind.rawValue) left terminal state \(state.rawValue)")
                    }
                }
            }
        }
    }

    @Test("rules sharing a (state, event) are told apart by distinct conditions", arguments: WorkflowDefinition.all.map(\.version))
    func unambiguous(version: String) throws {
        let definition = try #require(WorkflowDefinition.version(version))
        for state in CaseState.allCases {
            for kind in CaseEventKind.allCases {
                let rules = definition.rules(from: state, event: kind)
                guard rules.count > 1 else { continue }
                let conditions = rules.map(\.when)
                #expect(!conditions.contains(nil) && Set(conditions.compactMap { $0 }).count == rules.count, "\(state.rawValue) \(kind.rawValue)")
            }
        }
    }

    @Test func domainShapeOfTheTables() throws {
        for definition in WorkflowDefinition.all {
            // Withdrawal only before a decision.
            let withdrawFrom = Set(definition.transitions.filter { $0.event == .withdraw }.map(\.from))
            #expect(withdrawFrom == [.draft, .submitted, .screening, .awaitingDocuments, .accepted, .underReview, .escalated])
            // Every rejection needs a reason; every human approval four-eyes; issue waits for a new EEP.
            for rule in definition.transitions where rule.event == .reject { #expect(rule.guards.contains(.reasonGiven)) }
            for rule in definition.transitions where rule.event == .approve { #expect(rule.guards.contains(.fourEyes)) }
            for rule in definition.transitions where rule.event == .issue { #expect(rule.guards.contains(.newEEPReady)) }
            // Only a supervisor extends deadlines.
            for rule in definition.transitions where rule.event == .extendDeadline { #expect(rule.roles == [.supervisor]) }
        }
        // Standard: no decision without a person. Hetao: the system may approve an accepted case.
        let standard = WorkflowDefinition.current(.standard)
        #expect(!standard.transitions.contains { $0.event == .approve && $0.roles.contains(.system) })
        let hetao = WorkflowDefinition.current(.hetao)
        #expect(hetao.rules(from: .accepted, event: .approve).first?.roles == [.system])
        #expect(Set(WorkflowDefinition.all.map(\.version)).count == WorkflowDefinition.all.count)
        #expect(Sample.draft(.hetaoPark).workflowVersion == "hetao@1")
        #expect(Sample.draft(.legal).workflowVersion == "standard@1")
    }
}
