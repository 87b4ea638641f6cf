import Foundation
import Glibc
import Logging

/// Who may connect to a local cluster and how: the operator (the operating-system user who runs the cluster's
/// programs) by peer authentication as the cluster's operator roles, logins in `permit_peer` by peer as
/// themselves, everyone else with a scram-sha-256 password. Unix socket only; nothing is trusted.
extension LocalCluster {
    /// The first line of the `pg_hba.conf` this code writes; a file without it was written by someone else.
    public static let authenticationMarker = "# PermitFlow local cluster authentication, v1"

    /// The `pg_hba.conf` for this cluster.
    var hostBasedAuthentication: String {
        """
        \(Self.authenticationMarker) (written by permit; Unix socket only, no TCP listener).
        # The operator (see pg_ident.conf) connects by peer authentication as the cluster's operator roles;
        # logins in permit_peer connect by peer as the operating-system user of the same name;
        # everyone else gives a scram-sha-256 password. Nothing is trusted.
        local  all  \(operatorRoles.joined(separator: ","))  peer  map=permit_operator
        local  all  +permit_peer  peer
        local  all  all  scram-sha-256

        """
    }

    /// The `pg_ident.conf`: the operating-system user running permit may be each operator role.
    func identMap(operatorUser: String) -> String {
        var text = "\(Self.authenticationMarker)\n# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n"
        for role in operatorRoles { text += "permit_operator  \(operatorUser)  \(role)\n" }
        return text
    }

    /// The operating-system user running this process (the operator of clusters it starts).
    public static var operatingSystemUser: String {
        guard let entry = getpwuid(getuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }

    /// Makes the cluster's authentication PermitFlow's: written after initdb (`fresh`), and rewritten over an older
    /// PermitFlow file or a file that trusts connections (the clusters of earlier versions were made with
    /// `initdb -A trust`). A file without `trust` that someone else wrote is left alone. Returns whether it
    /// changed anything (the server must then reload).
    func secureAuthentication(fresh: Bool, logger: Logger) throws -> Bool {
        let hbaURL = dataDirectory.appendingPathComponent("pg_hba.conf")
        let identURL = dataDirectory.appendingPathComponent("pg_ident.conf")
        let current = (try? String(contentsOf: hbaURL, encoding: .utf8)) ?? ""
        let wanted = hostBasedAuthentication
        let ident = identMap(operatorUser: Self.operatingSystemUser)
        let currentIdent = (try? String(contentsOf: identURL, encoding: .utf8)) ?? ""
        if current == wanted && currentIdent == ident { return false }
        let ours = current.hasPrefix(Self.authenticationMarker)
        guard fresh || ours || Self.trustsConnections(current) || current.isEmpty else {
            logger.info("leaving a pg_hba.conf PermitFlow did not write", metadata: ["file": "\(hbaURL.path)"])
            return false
        }
        if !fresh && !ours && !current.isEmpty {
            logger.warning("the local cluster trusted every local connection; it now asks for peer or password authentication",
                           metadata: ["cluster": "\(directory.path)"])
        }
        try writeServerFile(wanted, to: hbaURL)
        try writeServerFile(ident, to: identURL)
        return true
    }

    /// Whether an authentication file has an active line whose method is `trust`.
    public static func trustsConnections(_ hba: String) -> Bool {
        hba.split(separator: "\n").contains { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#") else { return false }
            return fields.contains("trust")
        }
    }

    /// Writes a file the server reads: mode 0600, owned by the server's user when we are root.
    private func writeServerFile(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw LocalClusterError(message: "cannot write \(url.path): \(error.localizedDescription)")
        }
        if let owner = ServerUser.whenRoot, chown(url.path, owner.uid, owner.gid) != 0 {
            throw LocalClusterError(message: "cannot give \(url.path) to the postgres user: \(String(cString: strerror(errno)))")
        }
        guard chmod(url.path, 0o600) == 0 else {
            throw LocalClusterError(message: "cannot set mode 0600 on \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
