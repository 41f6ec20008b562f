/// Phrases only report.html and the sweep page use (chart titles, axis labels, legends, the
/// table of contents), in English and Chinese side by side like the rest of `ReportStrings`.
extension ReportStrings {
    public var contents: String { t("Contents", "目录") }
}
