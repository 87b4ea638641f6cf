import Crypto

/// The canonical bytes of a history row and the hash that chains it: exactly what the database's
/// `history_entry_bytes` and chain triggers compute (migration 0006), written again here so that the check is
/// made outside the database.
///
/// Each field is its UTF-8 text preceded by its length as 4 bytes big-endian; NULL is the length 0xFFFFFFFF with no
/// text. A row's hash is SHA-256(previous hash ‖ bytes), the first row's previous hash 32 zero bytes.
public enum HistoryEntryBytes {
    /// The first field of a case history row.
    public static let caseLayout = "permitflow.case_transitions.v1"
    /// The first field of an endorsement history row.
    public static let endorsementLayout = "permitflow.endorsement_events.v1"
    /// The "previous hash" of a chain's first row.
    public static let chainStart = [UInt8](repeating: 0, count: 32)

    /// The canonical bytes of `fields`.
    public static func encode(_ fields: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + 4 + ($1?.utf8.count ?? 0) })
        for field in fields {
            guard let field else {
                bytes += [0xFF, 0xFF, 0xFF, 0xFF]
                continue
            }
            let length = UInt32(field.utf8.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            bytes += field.utf8
        }
        return bytes
    }

    /// SHA-256(previous ‖ encode(fields)).
    public static func chainedHash(previous: [UInt8], fields: [String?]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: encode(fields))
        return Array(hasher.finalize())
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes from lower- or upper-case hexadecimal; nil when `text` is not hex.
    init?(hex text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }
}
