import Foundation

/// The CPU time this process has used.
enum ProcessCPU {
    /// User + system seconds so far.
    static func seconds() -> Double {
        ProcessUsage.now(.process).cpuSeconds
    }
}

/// CPU time and context switches of this process, or of its finished children (pgbench).
struct ProcessUsage {
    /// Whose usage.
    enum Who {
        case process, children
    }

    /// User + system seconds.
    var cpuSeconds: Double
    /// Voluntary and involuntary context switches.
    var contextSwitches: Int

    /// The usage so far.
    static func now(_ who: Who) -> ProcessUsage {
        var usage = rusage()
        getrusage(who == .process ? RUSAGE_SELF.rawValue : RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return ProcessUsage(cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                            contextSwitches: usage.ru_nvcsw + usage.ru_nivcsw)
    }

    /// The usage between `earlier` and this.
    static func - (later: ProcessUsage, earlier: ProcessUsage) -> ProcessUsage {
        ProcessUsage(cpuSeconds: later.cpuSeconds - earlier.cpuSeconds, contextSwitches: later.contextSwitches - earlier.contextSwitches)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Array where Element == Double {
    /// The middle value (the mean of the two middle ones for an even count); 0 when empty.
    var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }
}
