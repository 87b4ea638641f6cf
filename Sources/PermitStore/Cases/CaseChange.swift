import Foundation
import PermitCore

/// An event PermitCore accepted for a case, with the step it makes: what the door writes for it.
///
/// Several changes worked out one after another (each from the case as the one before left it, see
/// `CaseReading.advanced(by:)`) are written as one: one update of the case to the last change's state, its version
/// higher by their number, and one history insert with a row for each (`CaseRepository.write(_:over:at:on:)`).
public struct CaseChange: Sendable {
    /// The event.
    public let event: CaseEvent
    /// The case after it, its history row and its effects.
    public let step: CaseStep

    /// Pairs an event with the step PermitCore made of it.
    public init(event: CaseEvent, step: CaseStep) {
        self.event = event
        self.step = step
    }
}
