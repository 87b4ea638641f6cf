import Foundation

/// Owned, NUL-terminated copies of Swift strings for libpq calls taking `const char * const *`.
struct CStringArray: ~Copyable {
    private let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String?]) {
        pointers = strings.map { $0.map { strdup($0)! } }
    }

    var count: Int32 { Int32(pointers.count) }

    /// Calls `body` with a pointer to the array, plus a terminating nil (for keyword/value lists).
    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
        let constant: [UnsafePointer<CChar>?] = pointers.map { $0.map { UnsafePointer($0) } } + [nil]
        return try constant.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
