/// Region and office rules: where a category may be granted and which office may take it.
extension Policy {
    /// The regions that grant `category` to people working in `city` on `date`.
    public func regions(granting category: TalentCategory, in city: String, on date: CivilDate, book: PolicyBook) -> [Region] {
        regions.filter { $0.grants(category, on: date) && book.region($0, covers: city) }
    }

    /// Nil when the place of work was in a region in force for `category` on `submittedOn`; else why not.
    public func regionRefusal(category: TalentCategory, workCity: String, submittedOn: CivilDate, book: PolicyBook) -> Refusal? {
        guard book.isKnownCity(workCity) else {
            return Refusal(
                code: Refusal.Code.unknownCity,
                message: "\(workCity) is not a known city; check the spelling of the place of work, or have an operator add it "
                    + "with `permit cities add \(workCity) --province KEY --name-en NAME --name-zh 名称`")
        }
        if !regions(granting: category, in: workCity, on: submittedOn, book: book).isEmpty { return nil }
        let later = regions.filter { $0.categories.contains(category) && book.region($0, covers: workCity) }
            .map(\.inForceFrom).min()
        let suffix = later.map { "; its region comes into force on \($0)" } ?? "; no region grants it there"
        return Refusal(
            code: Refusal.Code.regionNotInForce,
            message: "\(category.rawValue) talent working in \(workCity) could not apply on \(submittedOn)\(suffix)")
    }

    /// Nil when `office` may take a `category` application from someone working in `workCity`; else why not.
    public func officeRefusal(office: Office, category: TalentCategory, workCity: String, on date: CivilDate,
                              book: PolicyBook) -> Refusal? {
        guard let rule = rule(for: category) else {
            return Refusal(code: Refusal.Code.categoryNotInPolicy, message: "policy \(version) has no rule for \(category.rawValue)")
        }
        switch rule.applyAt {
        case .placeOfWork:
            if office.cityKey == workCity { return nil }
            return Refusal(
                code: Refusal.Code.officeOutsideJurisdiction,
                message: "\(category.rawValue) applications go to the office where the applicant works (\(workCity)), not \(office.key)")
        case .anyOfficeInRegion:
            let home = regions(granting: category, in: workCity, on: date, book: book)
            if home.contains(where: { book.region($0, covers: office.cityKey) }) { return nil }
            return Refusal(
                code: Refusal.Code.officeOutsideJurisdiction,
                message: "office \(office.key) is not in a region that contains \(workCity); apply at any office in that region")
        }
    }
}
