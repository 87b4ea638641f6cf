import Foundation
import Synchronization

/// Wakes idle lanes when jobs are queued (a NOTIFY arrived) or the worker stops; a lane also wakes on its poll timer.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Wakes every waiting lane, or the next one to wait if none is waiting.
    func signal() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        waiting.forEach { $0.resume() }
    }

    /// Returns on a signal or after `seconds`, whichever comes first.
    func wait(seconds: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            group.addTask { await self.waitForSignal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiting = state.waiters.removeValue(forKey: id) { return waiting }
                state.cancelled.insert(id)
                return nil
            }
            continuation?.resume()
        }
    }
}

/// A flag the lanes read to stop claiming (graceful shutdown).
final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Asks the lanes to stop claiming.
    func raise() { raised.store(true, ordering: .relaxed) }

    /// Whether stopping was asked for.
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}
