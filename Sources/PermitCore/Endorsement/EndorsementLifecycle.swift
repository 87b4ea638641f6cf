import Foundation

/// An endorsement's status changes: active → expired | void | revoked | superseded. Pure.
public enum EndorsementLifecycle {
    /// Expires `endorsement` once `date` is after its last valid day.
    public static func expire(_ endorsement: Endorsement, asOf date: CivilDate) -> Result<Endorsement, Refusal> {
        if let refusal = requireActive(endorsement) { return .failure(refusal) }
        guard date > endorsement.validUntil else {
            return .failure(Refusal(code: Refusal.Code.notYetExpired, message: "\(endorsement.number) is valid through \(endorsement.validUntil)"))
        }
        return .success(moved(endorsement, to: .expired, reason: "expired"))
    }

    /// Voids `endorsement` because its EEP ended on `eepExpiredOn`, before the endorsement's last day.
    public static func void(_ endorsement: Endorsement, eepExpiredOn: CivilDate) -> Result<Endorsement, Refusal> {
        if let refusal = requireActive(endorsement) { return .failure(refusal) }
        guard eepExpiredOn < endorsement.validUntil else {
            return .failure(Refusal(
                code: Refusal.Code.eepNotEnded,
                message: "the EEP (ending \(eepExpiredOn)) does not end before \(endorsement.number) (valid through \(endorsement.validUntil))"))
        }
        return .success(moved(endorsement, to: .void, reason: "eep_ended"))
    }

    /// Revokes `endorsement`; a reason code is required.
    public static func revoke(_ endorsement: Endorsement, reason: String) -> Result<Endorsement, Refusal> {
        if let refusal = requireActive(endorsement) { return .failure(refusal) }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            return .failure(Refusal(code: Refusal.Code.reasonRequired, message: "a revocation needs a reason code"))
        }
        return .success(moved(endorsement, to: .revoked, reason: trimmed))
    }

    /// Marks `endorsement` superseded by a newer one for the same destination.
    public static func supersede(_ endorsement: Endorsement) -> Result<Endorsement, Refusal> {
        if let refusal = requireActive(endorsement) { return .failure(refusal) }
        return .success(moved(endorsement, to: .superseded, reason: "superseded"))
    }

    /// The status a daily sweep should move `endorsement` to on `date`, if any: void when the EEP ended
    /// first (and has ended), expired when the validity ended.
    public static func sweepStatus(_ endorsement: Endorsement, eepExpiresOn: CivilDate, on date: CivilDate) -> EndorsementStatus? {
        guard endorsement.status == .active else { return nil }
        if date > eepExpiresOn, eepExpiresOn < endorsement.validUntil { return .void }
        if date > endorsement.validUntil { return .expired }
        return nil
    }

    /// True while `endorsement` is active and `date` is within the policy's reminder lead before its last day.
    public static func renewalReminderDue(_ endorsement: Endorsement, on date: CivilDate, policy: Policy) -> Bool {
        endorsement.status == .active
            && date >= endorsement.validUntil.adding(days: -policy.renewalReminderDays)
            && date <= endorsement.validUntil
    }

    /// True when an active Hetao endorsement's registration was cancelled: a caseworker must review revocation.
    public static func needsRevocationReview(_ endorsement: Endorsement, hetaoRegistrationActive: Bool) -> Bool {
        endorsement.status == .active && endorsement.category == .hetaoPark && !hetaoRegistrationActive
    }

    private static func requireActive(_ endorsement: Endorsement) -> Refusal? {
        guard endorsement.status != .active else { return nil }
        return Refusal(code: Refusal.Code.endorsementNotActive, message: "\(endorsement.number) is \(endorsement.status.rawValue), not active")
    }

    private static func moved(_ endorsement: Endorsement, to status: EndorsementStatus, reason: String) -> Endorsement {
        var next = endorsement
        next.status = status
        next.statusReason = reason
        return next
    }
}
