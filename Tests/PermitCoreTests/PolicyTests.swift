import Foundation
import Testing
@testable import PermitCore

@Suite("Policy data")
struct PolicyTests {
    @Test func theBookHasOneVersionPerRegionStartDate() {
        #expect(Seeds.policies.policies.map(\.version) == ["2023-02-20", "2024-05-06", "2025-11-05"])
        #expect(Seeds.policies.inForce(on: day("2023-02-19")) == nil)
        #expect(Seeds.policies.inForce(on: day("2023-02-20"))?.version == "2023-02-20")
        #expect(Seeds.policies.inForce(on: day("2024-05-05"))?.version == "2023-02-20")
        #expect(Seeds.policies.inForce(on: day("2024-05-06"))?.version == "2024-05-06")
        #expect(Seeds.policies.inForce(on: day("2025-11-04"))?.version == "2024-05-06")
        #expect(Seeds.policies.inForce(on: day("2025-11-05"))?.version == "2025-11-05")
        #expect(Seeds.policies.version("2024-05-06")?.effectiveFrom == day("2024-05-06"))
    }

    /// DOMAIN.md §2–§4, line by line, against every version that has the category.
    @Test("category validity, documents and office rule match DOMAIN.md", arguments: [
        (TalentCategory.outstanding, 5, OfficeRule.anyOfficeInRegion, [DocumentKind](), EligibilityRule.recommendationListOrPersonVerification),
        (.research, 3, .placeOfWork, [.employmentCertificate, .titleCertificate], .documents),
        (.education, 3, .placeOfWork, [.employmentCertificate, .titleCertificate], .documents),
        (.health, 3, .placeOfWork, [.employmentCertificate, .titleCertificate], .documents),
        (.legal, 1, .placeOfWork, [.employmentCertificate], .officialArbitratorOrMediatorList),
        (.other, 1, .placeOfWork, [.employmentCertificate, .recognitionCertificate], .documents),
        (.hetaoPark, 3, .placeOfWork, [], .hetaoParkRegistration),
    ])
    func categoryRules(category: TalentCategory, years: Int, office: OfficeRule, documents: [DocumentKind], eligibility: EligibilityRule) {
        let versions = Seeds.policies.policies.filter { $0.rule(for: category) != nil }
        #expect(!versions.isEmpty)
        for policy in versions {
            let rule = policy.rule(for: category)!
            #expect(rule.validityYears == years)
            #expect(rule.applyAt == office)
            #expect(Set(rule.documents) == Set(documents))
            #expect(rule.eligibility == eligibility)
        }
    }

    @Test func sharedNumbersMatchDomain() {
        for policy in Seeds.policies.policies {
            #expect(policy.maxStayDays == 30)
            #expect(policy.eepMarginDays == 20)
            #expect(policy.renewalReminderDays == 90)
            #expect(policy.deadlines.completenessNotice == Period(count: 5, unit: .workingDays))
            #expect(policy.deadlines.supplementation == Period(count: 30, unit: .calendarDays))
            #expect(policy.deadlines.decision == Period(count: 7, unit: .workingDays))
            #expect(policy.deadlines.extendedDecision == Period(count: 20, unit: .workingDays))
            #expect(policy.timeZone == "Asia/Shanghai")
            #expect(policy.validityStartsOn == .issueDate)
        }
        #expect(Seeds.policies.version("2024-05-06")?.rule(for: .hetaoPark) == nil)
        #expect(Seeds.policies.version("2025-11-05")?.hetao.straightThrough == true)
    }

    @Test func regionsAndTheirStartDates() throws {
        let latest = try #require(Seeds.policies.version("2025-11-05"))
        let starts = Dictionary(uniqueKeysWithValues: latest.regions.map { ($0.key, $0.inForceFrom) })
        #expect(starts["gba"] == day("2023-02-20"))
        #expect(starts["beijing"] == day("2024-05-06"))
        #expect(starts["shanghai"] == day("2024-05-06"))
        #expect(starts["yrd"] == day("2025-11-05"))
        #expect(starts["jjj"] == day("2025-11-05"))
        let pilotZones = latest.regions.filter { $0.key.hasPrefix("ftz_") }
        #expect(pilotZones.count == 22)
        #expect(pilotZones.allSatisfy { $0.inForceFrom == day("2025-11-05") && $0.note?.contains("ASSUMPTION") == true })
        #expect(starts["hetao_shenzhen_park"] == day("2025-11-05"))
        let gba = try #require(latest.regions.first { $0.key == "gba" })
        #expect(Set(gba.cities) == ["guangzhou", "shenzhen", "zhuhai", "foshan", "huizhou", "dongguan", "zhongshan", "jiangmen", "zhaoqing"])
        for key in ["yrd", "jjj"] {
            let region = try #require(latest.regions.first { $0.key == key })
            #expect(region.note?.contains("ASSUMPTION") == true, "\(key) must say its city list is an assumption")
        }
    }

    @Test func cityKeysAreLowercaseAsciiPinyin() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz_")
        #expect(Seeds.policies.cities.count > 90)
        for city in Seeds.policies.cities {
            #expect(city.key.allSatisfy { allowed.contains($0) }, "\(city.key)")
            #expect(!city.nameEN.isEmpty && !city.nameZH.isEmpty)
        }
        for key in ["xian", "taizhou_js", "taizhou_zj", "nanjing", "hefei", "wuhu", "tianjin", "langfang", "wulumuqi"] {
            #expect(Seeds.policies.city(key) != nil, "\(key)")
        }
    }

    @Test("a region counts from its start day", arguments: [
        ("shenzhen", "2023-02-19", false), ("shenzhen", "2023-02-20", true),
        ("beijing", "2024-05-05", false), ("beijing", "2024-05-06", true),
        ("shanghai", "2024-05-05", false), ("shanghai", "2024-05-06", true),
        ("hangzhou", "2025-11-04", false), ("hangzhou", "2025-11-05", true),
        ("tianjin", "2025-11-04", false), ("tianjin", "2025-11-05", true),
        ("chengdu", "2025-11-04", false), ("chengdu", "2025-11-05", true),
        // Whole provinces and areas from places.json, beyond the lists version 2025-11-05 itself carries.
        ("danzhou", "2025-11-04", false), ("danzhou", "2025-11-05", true),         // Hainan FTZ: the whole island
        ("mudanjiang", "2025-11-05", true), ("shantou", "2025-11-05", false),        // Suifenhe area; no area in Shantou
    ])
    func regionBoundary(city: String, submitted: String, allowed: Bool) throws {
        // The latest version is the strictest test: its regions carry their own start dates.
        let policy = try #require(Seeds.policies.version("2025-11-05"))
        let refusal = policy.regionRefusal(category: .research, workCity: city, submittedOn: day(submitted), book: Seeds.policies)
        #expect((refusal == nil) == allowed)
        if !allowed { #expect(refusal?.code == Refusal.Code.regionNotInForce) }
    }

    @Test func unknownCitiesAndUncoveredCategoriesAreRefused() throws {
        let policy = try #require(Seeds.policies.version("2025-11-05"))
        #expect(policy.regionRefusal(category: .research, workCity: "atlantis", submittedOn: day("2026-01-05"), book: Seeds.policies)?.code == Refusal.Code.unknownCity)
        // Hetao park endorsements are for Shenzhen only.
        #expect(policy.regionRefusal(category: .hetaoPark, workCity: "guangzhou", submittedOn: day("2026-01-05"), book: Seeds.policies)?.code == Refusal.Code.regionNotInForce)
        #expect(policy.regionRefusal(category: .hetaoPark, workCity: "shenzhen", submittedOn: day("2026-01-05"), book: Seeds.policies) == nil)
    }

    @Test("office jurisdiction: outstanding at any office in the region, others at the place of work", arguments: [
        (TalentCategory.outstanding, "guangzhou", "shenzhen", true),
        (.outstanding, "guangzhou.tianhe", "shenzhen", true),
        (.outstanding, "beijing", "shenzhen", false),
        (.outstanding, "nanjing", "hangzhou", true),   // both in the Yangtze River Delta
        (.research, "shenzhen", "shenzhen", true),
        (.research, "shenzhen.futian", "shenzhen", true),
        (.research, "guangzhou", "shenzhen", false),
        (.legal, "shanghai", "shanghai", true),
        (.other, "hangzhou", "ningbo", false),
    ])
    func officeJurisdiction(category: TalentCategory, office: String, workCity: String, allowed: Bool) throws {
        let policy = try #require(Seeds.policies.version("2025-11-05"))
        let refusal = policy.officeRefusal(office: Office(key: office), category: category, workCity: workCity, on: day("2026-01-05"),
                                           book: Seeds.policies)
        #expect((refusal == nil) == allowed)
        if !allowed { #expect(refusal?.code == Refusal.Code.officeOutsideJurisdiction) }
    }

    @Test func rejectsContradictoryPolicyFiles() throws {
        let text = try String(contentsOf: Seeds.root.appendingPathComponent("policy.json"), encoding: .utf8)
        func code(_ json: String) -> String? {
            do { _ = try PolicyBook.decode(Data(json.utf8), places: Seeds.places); return nil } catch let error as SeedDataError { return error.code } catch { return "other" }
        }
        #expect(code(text) == nil)
        #expect(code(text.replacingOccurrences(of: #""version": "2024-05-06""#, with: #""version": "2023-02-20""#)) == "policy_version_duplicate")
        #expect(code(text.replacingOccurrences(of: #""cities": ["beijing"]"#, with: #""cities": ["peking"]"#)) == "region_city_unknown")
        #expect(code(text.replacingOccurrences(of: #""upToMonths": null"#, with: #""upToMonths": 99"#)) == "fee_bands_invalid")
        #expect(code("{}") == "policy_file_unreadable")
    }

    @Test("a region covers a pinned document's cities, its provinces' cities and its areas' cities")
    func membershipFollowsTheData() throws {
        let policy = try #require(Seeds.policies.version("2025-11-05"))
        let delta = try #require(policy.regions.first { $0.key == "yrd" })
        // A city an operator adds in Jiangsu is in the Yangtze River Delta at once; one in Jiangxi is not.
        let kunshan = City(key: "kunshan", nameEN: "Kunshan", nameZH: "昆山", province: "jiangsu")
        let jiujiang = City(key: "jiujiang", nameEN: "Jiujiang", nameZH: "九江", province: "jiangxi")
        var places = Seeds.places
        places.cities += [kunshan, jiujiang]
        var book = PolicyBook(policies: Seeds.policies.policies, places: places)
        #expect(book.region(delta, covers: "kunshan"))
        #expect(!book.region(delta, covers: "jiujiang"))
        #expect(policy.regionRefusal(category: .research, workCity: "kunshan", submittedOn: day("2026-01-05"), book: book) == nil)
        #expect(policy.regionRefusal(category: .research, workCity: "jiujiang", submittedOn: day("2026-01-05"), book: book)?.code
                == Refusal.Code.regionNotInForce)
        // A new area puts its city in the zone.
        let hubei = try #require(policy.regions.first { $0.key == "ftz_hubei" })
        #expect(!book.region(hubei, covers: "jingzhou"))
        places.regions = places.regions.map { region in
            var region = region
            if region.key == "ftz_hubei" { region.areas.append(RegionArea(city: "jingzhou", area: "Jingzhou area")) }
            return region
        }
        book = PolicyBook(policies: Seeds.policies.policies, places: places)
        #expect(book.region(hubei, covers: "jingzhou"))
        // A pinned list is never narrowed: with no membership data at all, the document's own cities still count.
        let bare = PolicyBook(policies: Seeds.policies.policies)
        #expect(bare.region(delta, covers: "nanjing") && !bare.region(delta, covers: "kunshan"))
        // An unknown city is refused with how to add it.
        let unknown = policy.regionRefusal(category: .research, workCity: "changshu", submittedOn: day("2026-01-05"), book: Seeds.policies)
        #expect(unknown?.code == Refusal.Code.unknownCity && unknown?.message.contains("permit cities add") == true)
    }

    @Test func everyCityOfThe2025WholeRegionsIsKnownWithItsProvince() {
        let counts = Dictionary(grouping: Seeds.places.cities, by: \.province).mapValues(\.count)
        #expect(counts["jiangsu"] == 13 && counts["zhejiang"] == 11 && counts["anhui"] == 16 && counts["hebei"] == 11)
        #expect(counts["shanghai"] == 1 && counts["beijing"] == 1 && counts["tianjin"] == 1)
        #expect(counts["hainan"] == 9)   // 4 prefecture-level cities and the 5 directly administered ones
        #expect(Seeds.places.provinces.count == 31)
        #expect(Seeds.places.regions.filter { $0.key.hasPrefix("ftz_") }.count == 22)
        #expect(Seeds.places.regions.first { $0.key == "yrd" }?.provinces == ["shanghai", "jiangsu", "zhejiang", "anhui"])
        #expect(Seeds.places.regions.first { $0.key == "jjj" }?.provinces == ["beijing", "tianjin", "hebei"])
    }

    @Test func rejectsContradictoryPlacesFiles() throws {
        let text = try String(contentsOf: Seeds.root.appendingPathComponent("places.json"), encoding: .utf8)
        func code(_ json: String) -> String? {
            do { _ = try Places.decode(Data(json.utf8)); return nil } catch let error as SeedDataError { return error.code } catch { return "other" }
        }
        #expect(code(text) == nil)
        #expect(code(text.replacingOccurrences(of: #""provinces": ["hainan"]"#, with: #""provinces": ["hainann"]"#)) == "region_province_unknown")
        #expect(code(text.replacingOccurrences(of: #"{ "city": "wuhan", "area": "Wuhan" }"#, with: #"{ "city": "wuhann", "area": "Wuhan" }"#)) == "region_city_unknown")
        #expect(code(text.replacingOccurrences(of: #""key": "yulin_gx""#, with: #""key": "yulin_sn""#)) == "city_duplicate")
        #expect(code(text.replacingOccurrences(of: #""key": "kunming""#, with: #""key": "Kunming""#)) == "city_key_invalid")
        #expect(code(text.replacingOccurrences(of: #"{ "key": "tianjin", "nameEN": "Tianjin", "nameZH": "天津" }"#, with: "")) != nil)
    }
}
