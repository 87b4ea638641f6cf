/// An action outside the case workflow that only some roles may take (case events are checked by `CaseMachine`).
public enum StaffAction: String, CaseIterable, Codable, Sendable {
    /// Add a person to staff.
    case addStaff = "staff_add"
    /// Register an employer.
    case addEmployer = "employer_add"
    /// Register an applicant or record a new EEP.
    case addApplicant = "applicant_add"
    /// Open a draft case, submit it or record documents.
    case openCase = "case_new"
    /// Import cases in bulk from a CSV file.
    case importCases = "case_import"
    /// Change the Hetao park registrations or the official lists.
    case changeRegistry = "registry_change"
    /// Revoke an endorsement or keep it after a revocation review.
    case revokeEndorsement = "endorsement_revoke"
}

/// Who may take which non-workflow action: a small, pure permission table.
public enum StaffPermissions {
    /// The roles allowed to take `action`.
    public static func roles(for action: StaffAction) -> Set<StaffRole> {
        switch action {
        case .addStaff, .revokeEndorsement: return [.supervisor]
        case .addEmployer, .addApplicant, .openCase, .importCases: return [.clerk, .caseworker, .supervisor]
        case .changeRegistry: return [.caseworker, .supervisor]
        }
    }

    /// Nil when `actor` may take `action`, else a refusal naming the rule (`role_not_allowed`).
    ///
    /// Adding staff is also open to the operator (the database owner, or its superuser on the embedded cluster),
    /// which is how an office gets its first supervisor; the database's staff functions decide that.
    public static func check(_ action: StaffAction, by actor: Actor?) -> Refusal? {
        let allowed = roles(for: action)
        guard let actor else {
            return Refusal(code: "actor_required", message: "\(action.rawValue) needs a person: connect as your own staff login")
        }
        guard allowed.contains(actor.role) else {
            let names = StaffRole.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            return Refusal(code: "role_not_allowed",
                message: "\(actor.name) is a \(actor.role.rawValue); only a \(names) may \(action.summary)")
        }
        return nil
    }
}

extension StaffAction {
    /// What the action does, for refusal messages.
    public var summary: String {
        switch self {
        case .addStaff: return "add staff"
        case .addEmployer: return "register an employer"
        case .addApplicant: return "register an applicant or an EEP"
        case .openCase: return "open, submit or complete a case"
        case .importCases: return "import cases"
        case .changeRegistry: return "change a park registration or an official list"
        case .revokeEndorsement: return "revoke or keep an endorsement"
        }
    }
}
