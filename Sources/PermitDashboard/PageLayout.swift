import Foundation
import PermitCore

/// The frame of every dashboard page: inline styles only (no script, no fonts or files from elsewhere).
enum PageLayout {
    static func page(title: String, login: String?, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title.markupEscaped) · PermitFlow</title>
        <style>\(style)</style></head>
        <body><header><a href="/" class="brand">PermitFlow</a> <span class="muted">read-only dashboard</span>
        <span class="who">\(login.map { "signed in as <b>\($0.markupEscaped)</b>" } ?? "")</span></header>
        <main>\(body)</main></body></html>
        """
    }

    /// A table: headers, then rows of already-escaped cells.
    static func table(_ headers: [String], _ rows: [String], id: String, empty: String = "none") -> String {
        let head = headers.map { "<th>\($0.markupEscaped)</th>" }.joined()
        let body = rows.isEmpty ? "<tr><td colspan=\"\(headers.count)\" class=\"muted\">\(empty.markupEscaped)</td></tr>" : rows.joined()
        return "<table id=\"\(id)\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    /// A cell holding a number the tests read back: `data-metric` names it.
    static func number(_ value: Int, metric: String, warn: Bool = false) -> String {
        "<td class=\"num\(warn && value > 0 ? " bad" : "")\" data-metric=\"\(metric.markupEscaped)\">\(value)</td>"
    }

    static func cell(_ text: String?) -> String {
        "<td>\((text ?? "—").markupEscaped)</td>"
    }

    static func caseLink(_ id: UUID) -> String {
        let text = id.uuidString.lowercased()
        return "<td><a href=\"/cases/\(text)\" class=\"mono\">\(text.prefix(8))…</a></td>"
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}
        header{background:#1f2937;color:#fff;padding:10px 20px}header a{color:#fff;text-decoration:none;font-weight:bold}
        .who{float:right}.muted{color:#6b7280}header .muted{color:#9ca3af}
        main{padding:12px 20px;display:grid;grid-template-columns:repeat(auto-fit,minmax(430px,1fr));gap:14px}
        section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px}section.wide{grid-column:1/-1}
        h1{font-size:18px;margin:4px 0 0;grid-column:1/-1}h2{font-size:15px;margin:2px 0 8px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #f3f4f6}
        th{font-size:12px;color:#6b7280;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
        .bad{color:#b91c1c;font-weight:bold}.near{color:#b45309;font-weight:bold}.mono{font-family:monospace}
        .note{background:#fef3c7;padding:6px 10px;border-radius:6px;grid-column:1/-1}
        svg.workflow{max-width:100%;height:auto}
        """
}
