import Foundation
import PermitCore

/// One bad cell or row of an import file.
public struct ImportProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The line in the file (the header is line 1).
    public let line: Int
    /// The column at fault, or `row` for the whole row.
    public let field: String
    /// What is wrong.
    public let message: String
    /// `line N, field: message`.
    public var description: String { "line \(line), \(field): \(message)" }
}

/// One valid row of an import file: a new applicant with their EEP, and the draft case to open for them.
struct CaseImportRow: Sendable {
    let line: Int
    let applicantID = UUID()
    let caseID = UUID()
    let nationalID: String
    let name: String
    let birthDate: CivilDate
    let workCity: String
    let employerCode: String
    let eepNumber: String
    let eepExpires: CivilDate
    let category: TalentCategory
    let destinations: [Destination]
    let office: String
    let newEEP: Bool

    /// A row checked: valid, or its problems.
    enum Validation {
        case valid(CaseImportRow)
        case invalid([ImportProblem])
    }

    /// The columns every file must have, and the optional ones.
    static let requiredColumns = ["national_id", "name", "birth_date", "work_city", "employer", "eep_number", "eep_expires",
                                  "category", "destinations"]
    static let optionalColumns = ["office", "new_eep"]

    /// Checks one row's cells on their own (the database checks come later); returns the row or its problems.
    static func validate(_ row: CSVTable.Row, columns: [String: Int], today: CivilDate) -> Validation {
        var problems: [ImportProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(ImportProblem(line: row.line, field: field, message: message)) }
        func cell(_ name: String) -> String {
            guard let index = columns[name], index < row.cells.count else { return "" }
            return row.cells[index]
        }
        func date(_ name: String) -> CivilDate? {
            let text = cell(name)
            guard let value = CivilDate(iso: text) else { problem(name, "'\(text)' is not a real day written YYYY-MM-DD"); return nil }
            return value
        }
        if row.cells.count != columns.count {
            problem("row", "has \(row.cells.count) cells; the header has \(columns.count)")
            return .invalid(problems)
        }
        var nationalID: NationalID?
        do { nationalID = try NationalID(validating: cell("national_id")) } catch { problem("national_id", error.description) }
        var name = ""
        do { name = try TextField.validated(cell("name"), field: "name", maximum: 100) } catch let error as StoreError {
            problem("name", error.message)
        } catch { problem("name", "\(error)") }
        let birth = date("birth_date")
        if let birth, let nationalID, nationalID.birthDate != birth {
            problem("birth_date", "\(birth) does not match the national ID, which encodes \(nationalID.birthDate)")
        }
        if let birth, birth >= today { problem("birth_date", "\(birth) is not in the past") }
        let expires = date("eep_expires")
        var eep = ""
        do { eep = try TravelDocumentNumber.validated(cell("eep_number")) } catch { problem("eep_number", "must be 6 to 12 letters and digits") }
        var employer = ""
        do { employer = try CreditCode(validating: cell("employer")).value } catch { problem("employer", error.description) }
        let category = TalentCategory(rawValue: cell("category").lowercased())
        if category == nil {
            problem("category", "'\(cell("category"))' is not one of \(TalentCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let parts = cell("destinations").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let destinations = parts.compactMap(Destination.init(rawValue:))
        if parts.isEmpty || destinations.count != parts.count || Set(destinations).count != destinations.count {
            problem("destinations", "'\(cell("destinations"))' must be HK, MO or HK,MO")
        }
        let workCity = cell("work_city").lowercased()
        let office = columns["office"] != nil && !cell("office").isEmpty ? cell("office").lowercased() : workCity
        var newEEP = false
        if columns["new_eep"] != nil {
            switch cell("new_eep").lowercased() {
            case "", "no", "false", "0": newEEP = false
            case "yes", "true", "1": newEEP = true
            default: problem("new_eep", "'\(cell("new_eep"))' must be yes or no")
            }
        }
        guard problems.isEmpty, let nationalID, let birth, let expires, let category else { return .invalid(problems) }
        return .valid(CaseImportRow(line: row.line, nationalID: nationalID.value, name: name, birthDate: birth, workCity: workCity,
                                      employerCode: employer, eepNumber: eep, eepExpires: expires, category: category,
                                      destinations: destinations.sorted(), office: office, newEEP: newEEP))
    }
}
