import Foundation
import RiskShareKit
import RiskShareSupport

/// The files `riskshare run` can write, chosen with `--format json,csv,md,html`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// report.json: every statistic, for scripts; the source of all other formats.
    case json
    /// report.csv: the same statistics as one tidy table.
    case csv
    /// report.md: the readable summary.
    case md
    /// report.html: the readable summary with charts, in one self-contained file.
    case html

    /// Name of the file in the output folder.
    public var fileName: String { "report.\(rawValue)" }

    /// A bad `--format` value.
    public struct ParseError: Error, CustomStringConvertible {
        public var value: String
        public var description: String {
            "--format: unknown format \"\(value)\"; allowed: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated)"
        }
    }

    /// Parses a comma-separated list such as "json,md"; duplicates are ignored and the result
    /// is in canonical order (json, csv, md, html). An empty list is an error.
    public static func parseList(_ text: String) throws -> [ReportFormat] {
        var chosen = Set<ReportFormat>()
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = ReportFormat(rawValue: name) else { throw ParseError(value: String(raw)) }
            chosen.insert(format)
        }
        return allCases.filter(chosen.contains)
    }
}

/// Renders the chosen report files of a run. Pure: it returns the texts and writes nothing, so
/// the caller can write them atomically, and the tests can compare them with golden files.
public enum ReportFormats {
    /// `(fileName, text)` for each format, in canonical order; without a path table the HTML has no histograms.
    /// `language` applies to the readable formats (md, html); json and csv are language-neutral.
    public static func render(
        report: Report, table: PathTable?, formats: [ReportFormat] = ReportFormat.allCases,
        language: ReportLanguage = .en
    ) -> [(fileName: String, text: String)] {
        ReportFormat.allCases.filter(formats.contains).map { format in
            switch format {
            case .json: return (format.fileName, report.json.rendered())
            case .csv: return (format.fileName, CSVReport.render(report: report))
            case .md: return (format.fileName, MarkdownReport.render(report: report, language: language))
            case .html: return (format.fileName, HTMLReport.render(report: report, table: table, language: language))
            }
        }
    }
}
