import Dispatch
import Foundation
import Glibc

/// A minimal HTTP/1.1 client for loopback tests: one request per connection (`Connection: close`), read to the end.
///
/// Foundation's URLSession on Linux stalls on a 401 carrying a Basic challenge (it waits for a credential
/// delegate), so the tests speak HTTP themselves, on a dispatch queue (blocking sockets never run on the pool).
enum LoopbackHTTP {
    static func request(port: Int, path: String, method: String, headers: [String: String]) async throws -> (status: Int, headers: [String: String], body: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingRequest(port: port, path: path, method: method, headers: headers) })
            }
        }
    }

    private static func blockingRequest(port: Int, path: String, method: String,
                                        headers: [String: String]) throws -> (status: Int, headers: [String: String], body: String) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTPFailure(message: "socket: \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw HTTPFailure(message: "connect to 127.0.0.1:\(port): \(errno)") }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: 0\r\n\r\n"
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw HTTPFailure(message: "send: \(errno)") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let reply = String(decoding: received, as: UTF8.self)
        guard let split = reply.range(of: "\r\n\r\n") else { throw HTTPFailure(message: "no HTTP reply: \(reply.prefix(200))") }
        let lines = reply[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw HTTPFailure(message: "bad status line") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields, String(reply[split.upperBound...]))
    }
}
