import Foundation

extension WorkingDayCalendar {
    /// Decodes and checks calendar files (`seeds/calendar/YYYY.json`), one `Data` per year.
    public static func decode(_ data: [Data]) throws -> WorkingDayCalendar {
        var years: [CalendarYear] = []
        for item in data {
            let year: CalendarYear
            do {
                year = try JSONDecoder().decode(CalendarYear.self, from: item)
            } catch {
                throw SeedDataError(code: "calendar_file_unreadable", message: "a calendar file is not valid: \(error)")
            }
            try validate(year)
            if years.contains(where: { $0.year == year.year }) {
                throw SeedDataError(code: "calendar_year_duplicate", message: "calendar year \(year.year) is loaded twice")
            }
            years.append(year)
        }
        return WorkingDayCalendar(years: years)
    }

    /// Loads every `*.json` file in `directory` (e.g. `seeds/calendar`).
    public static func load(directory: URL) throws -> WorkingDayCalendar {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try decode(try files.map { try Data(contentsOf: $0) })
    }

    /// Checks one year: dates inside the year, ranges in order, make-up days on weekends, no day both off and on.
    public static func validate(_ year: CalendarYear) throws {
        var off = Set<CivilDate>()
        for entry in year.holidays {
            try checkEntry(entry, in: year.year)
            off.formUnion(entry.dates)
        }
        for entry in year.workingDays {
            try checkEntry(entry, in: year.year)
            for date in entry.dates {
                if !date.isWeekend {
                    throw SeedDataError(
                        code: "calendar_make_up_weekday",
                        message: "\(year.year): make-up working day \(date) is a weekday; only weekend days are made up")
                }
                if off.contains(date) {
                    throw SeedDataError(code: "calendar_conflict", message: "\(year.year): \(date) is listed both as a holiday and as a working day")
                }
            }
        }
    }

    private static func checkEntry(_ entry: CalendarEntry, in year: Int) throws {
        guard entry.from <= entry.through else {
            throw SeedDataError(code: "calendar_range_reversed", message: "\(year): \(entry.name) ends before it starts")
        }
        guard entry.from.year == year, entry.through.year == year else {
            throw SeedDataError(
                code: "calendar_date_outside_year",
                message: "\(year): \(entry.name) (\(entry.from)…\(entry.through)) lies outside the file's year")
        }
    }
}
