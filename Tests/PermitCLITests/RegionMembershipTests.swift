import Foundation
import PermitCore
import PermitTestSupport
import Testing

/// The 2025 regions as published: whole provinces and free-trade-zone areas, as data operators extend.
@Suite("permit: regions follow cities, provinces and areas", .serialized)
struct RegionMembershipTests {
    @Test("every city of the whole-region provinces is known, and each region covers exactly its provinces' cities")
    func wholeProvinces() async throws {
        let world = try await CLIWorld.make("cli_regions_known")
        defer { Task { await world.close() } }
        let listed = try world.expectOK(try await world.permit.run("cities", "--json")).json() as? [[String: Any]] ?? []
        var byProvince: [String: Set<String>] = [:]
        for city in listed {
            byProvince[city["province"] as? String ?? "?", default: []].insert(city["key"] as? String ?? "?")
        }
        // Prefecture-level cities; the municipalities as themselves; Hainan with its directly administered cities.
        let expected = ["shanghai": 1, "beijing": 1, "tianjin": 1, "chongqing": 1, "jiangsu": 13, "zhejiang": 11, "anhui": 16, "hebei": 11,
                        "guangdong": 21, "fujian": 9, "liaoning": 14, "henan": 17, "hubei": 12, "sichuan": 18, "shaanxi": 10, "shandong": 16,
                        "guangxi": 14, "hunan": 13, "heilongjiang": 12, "hainan": 9]
        for (province, count) in expected {
            #expect(byProvince[province]?.count == count, "\(province): \(byProvince[province]?.sorted() ?? [])")
        }
        #expect(byProvince["hainan"]?.isSuperset(of: ["haikou", "sanya", "sansha", "danzhou", "wuzhishan", "wenchang", "qionghai", "wanning", "dongfang"]) == true)

        func covered(_ region: String) async throws -> Set<String> {
            let shown = try world.expectOK(try await world.permit.run("regions", "show", region, "--json")).json() as? [String: Any]
            return Set(shown?["cities"] as? [String] ?? [])
        }
        let delta = ["shanghai", "jiangsu", "zhejiang", "anhui"].reduce(Set<String>()) { $0.union(byProvince[$1] ?? []) }
        #expect(try await covered("yrd") == delta)
        let capital = ["beijing", "tianjin", "hebei"].reduce(Set<String>()) { $0.union(byProvince[$1] ?? []) }
        #expect(try await covered("jjj") == capital)
        #expect(try await covered("ftz_hainan") == byProvince["hainan"])
        #expect(try await covered("ftz_guangdong") == ["guangzhou", "shenzhen", "zhuhai"])
        #expect(try await covered("ftz_heilongjiang") == ["harbin", "heihe", "mudanjiang"])
        let regions = try world.expectOK(try await world.permit.run("regions", "--json")).json() as? [[String: Any]] ?? []
        #expect(regions.filter { ($0["key"] as? String)?.hasPrefix("ftz_") == true }.count == 22)
        #expect(regions.allSatisfy { ($0["key"] as? String == "gba") == ($0["in_force_from"] as? String == "2023-02-20") })
    }

    @Test("an unknown city is refused with how to add it; once added in Jiangsu it is in the Yangtze River Delta")
    func addedCityJoinsItsProvincesRegions() async throws {
        let world = try await CLIWorld.make("cli_regions_city")
        defer { Task { await world.close() } }
        let permit = world.permit
        let before = try await world.rowCounts()
        let unknown = try await permit.run(["applicant", "add", "--national-id", Fixtures.nationalID(serial: 601), "--name", "Gu Yan",
                                            "--birth-date", "1985-03-12", "--work-city", "kunshan", "--employer", CLIWorld.institute,
                                            "--eep-number", "CA0000601", "--eep-expires", "2036-06-30"], actor: CLIWorld.clerk)
        #expect(unknown.status == 2 && unknown.stderr.contains("work-city") && unknown.stderr.contains("permit cities add"), "\(unknown)")
        #expect(try await world.rowCounts() == before)

        for (arguments, field) in [
            (["cities", "add", "kunshan", "--province", "jiangshu", "--name-en", "Kunshan", "--name-zh", "昆山"], "province"),
            (["cities", "add", "Kun Shan", "--province", "jiangsu", "--name-en", "Kunshan", "--name-zh", "昆山"], "key"),
            (["cities", "add", "suzhou", "--province", "jiangsu", "--name-en", "Suzhou", "--name-zh", "苏州"], "already known"),
        ] {
            let refused = try await permit.run(arguments)
            #expect(refused.status == 2 && refused.stderr.contains(field), "\(arguments): \(refused)")
        }
        try world.expectOK(try await permit.run("cities", "add", "kunshan", "--province", "jiangsu", "--name-en", "Kunshan", "--name-zh", "昆山"))
        let applicant = try await world.addApplicant(serial: 602, city: "kunshan")
        let caseID = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK")
        try world.expectOK(try await permit.run("worker", "--once"))
        #expect(try await world.state(of: caseID) == "awaiting_documents")   // the region check passed
        let shown = try world.expectOK(try await permit.run("regions", "show", "yrd", "--json")).json() as? [String: Any]
        #expect((shown?["cities"] as? [String])?.contains("kunshan") == true)
    }

    @Test("a city outside every region is refused until an operator adds a free-trade-zone area in it")
    func addedAreaJoinsTheZone() async throws {
        let world = try await CLIWorld.make("cli_regions_area")
        defer { Task { await world.close() } }
        let permit = world.permit
        let applicant = try await world.addApplicant(serial: 611, city: "jingzhou")
        let early = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK")
        try world.expectOK(try await permit.run("worker", "--once"))
        let refused = try await world.show(early)
        #expect(refused["state"] as? String == "rejected" && refused["reason_code"] as? String == "region_not_in_force")

        let unknownRegion = try await permit.run("regions", "add-area", "ftz_atlantis", "--city", "jingzhou", "--area", "Port")
        #expect(unknownRegion.status == 2 && unknownRegion.stderr.contains("region"), "\(unknownRegion)")
        try world.expectOK(try await permit.run("regions", "add-area", "ftz_hubei", "--city", "jingzhou", "--area", "Jingzhou area"))
        let twice = try await permit.run("regions", "add-area", "ftz_hubei", "--city", "jingzhou", "--area", "Jingzhou area")
        #expect(twice.status == 2 && twice.stderr.contains("area"), "\(twice)")
        let later = try await world.submitCase(applicant: applicant, category: "research", destinations: "HK")
        try world.expectOK(try await permit.run("worker", "--once"))
        #expect(try await world.state(of: later) == "awaiting_documents")
    }
}
