/// Everything a guard looks at: the case before the event, the event, who, when, and the rules.
public struct GuardContext: Sendable {
    /// The case before the event.
    public var caseFile: CaseFile
    /// The event.
    public var event: CaseEvent
    /// Who fired it.
    public var actor: Actor
    /// Today in the policy's time zone.
    public var today: CivilDate
    /// Facts from outside the case.
    public var facts: CaseFacts
    /// The policy: pinned, or (for a draft) the one in force today.
    public var policy: Policy?
    /// Every policy version and the known cities.
    public var book: PolicyBook
    /// The working-day calendar.
    public var calendar: WorkingDayCalendar
    /// The workflow the case pinned.
    public var workflow: WorkflowDefinition
}
