import Foundation

/// Finds the folders `permit` reads at run time: `migrations/` and `seeds/`.
///
/// Looked up in order: the environment variable (`PERMIT_MIGRATIONS_DIR`, `PERMIT_SEEDS_DIR`), the current
/// folder, then the folders above the `permit` executable (so `.build/debug/permit` finds the checkout's).
enum ProjectFolders {
    /// The migrations folder.
    static func migrations() throws -> URL {
        try locate("migrations", environment: "PERMIT_MIGRATIONS_DIR")
    }

    /// The seeds folder.
    static func seeds() throws -> URL {
        try locate("seeds", environment: "PERMIT_SEEDS_DIR")
    }

    private static func locate(_ name: String, environment variable: String) throws -> URL {
        let fileManager = FileManager.default
        if let custom = ProcessInfo.processInfo.environment[variable], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        var candidates = [URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent(name)]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent(name))
            folder = folder.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        for candidate in candidates where fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory) && isDirectory.boolValue {
            return candidate
        }
        throw CommandFailure(.badInput,
            "no \(name)/ folder found in the current folder or above the permit executable; run permit from the PermitFlow checkout or set \(variable)")
    }
}
