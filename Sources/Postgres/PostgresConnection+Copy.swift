import CLibPQ

extension PostgresConnection {
    /// Bulk-loads rows with COPY … FROM STDIN; each element is one line of COPY text format WITHOUT the trailing
    /// newline (escape values with `copyText`). Returns rows copied. Lengths are UTF-8 byte counts.
    public func copyIn(_ copyStatement: String, lines: [String]) async throws -> Int {
        try copyNow(copyStatement) { send in
            let chunkSize = 64 * 1024
            var buffer: [UInt8] = []
            buffer.reserveCapacity(chunkSize + 1024)
            for line in lines {
                buffer.append(contentsOf: line.utf8)
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= chunkSize {
                    guard send(buffer[...]) else { return }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { _ = send(buffer[...]) }
        }
    }

    /// Bulk-loads rows with COPY … FROM STDIN from `data`: lines of COPY text format, each ending in a newline
    /// (append values with `appendCopyText`). Returns rows copied.
    public func copyIn(_ copyStatement: String, data: [UInt8]) async throws -> Int {
        try copyNow(copyStatement) { send in
            let pieceSize = 256 * 1024
            var start = 0
            while start < data.count {
                let end = min(start + pieceSize, data.count)
                guard send(data[start..<end]) else { return }
                start = end
            }
        }
    }

    /// Starts `copyStatement`, lets `produce` hand it the data (its `send` returns false once sending failed), ends
    /// the COPY and returns the rows copied.
    private func copyNow(_ copyStatement: String, produce: ((ArraySlice<UInt8>) -> Bool) -> Void) throws -> Int {
        prefetched = nil
        try flushNow()
        let handle = try openHandle()
        guard let start = PQexec(handle, copyStatement) else { throw failure(nil, handle: handle, code: .copyFailed) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            let status = PQresultStatus(start)
            defer { PQclear(start) }
            if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR {
                throw failure(start, handle: handle, code: .copyFailed)
            }
            drainResults(handle)
            throw PostgresError(code: .protocolViolation, message: "copyIn needs a COPY … FROM STDIN statement")
        }
        PQclear(start)

        var sendFailed = false
        produce { piece in
            guard !sendFailed else { return false }
            guard !piece.isEmpty else { return true }
            let sent = piece.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { sendFailed = true }
            return !sendFailed
        }
        PQputCopyEnd(handle, sendFailed ? "the client stopped sending COPY data" : nil)

        var copied = 0
        var firstError: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = PostgresResult.affectedRows(of: result) ?? copied
            } else if firstError == nil {
                firstError = failure(result, handle: handle, code: .copyFailed)
            }
            PQclear(result)
        }
        if let firstError { throw firstError }
        if sendFailed { throw failure(nil, handle: handle, code: .copyFailed) }
        return copied
    }

    /// Escapes one value for COPY text format (backslash, tab, newline, carriage return; nil becomes `\N`).
    public static func copyText(_ value: String?) -> String {
        guard let value else { return "\\N" }
        // Most values need no escape: hand them back as they are.
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 8)
        appendCopyText(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one value to `out` in COPY text format (escaped like `copyText`; nil becomes `\N`).
    public static func appendCopyText(_ value: String?, to out: inout [UInt8]) {
        guard var value else {
            out.append(0x5C)
            out.append(UInt8(ascii: "N"))
            return
        }
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                default: out.append(byte)
                }
            }
        }
    }
}
