/// One colour per party, the same in every chart and table of a report: parties take the palette
/// in the order the report lists them (the parties that bear loss, then pools and subsidy payers
/// not among them), so a party keeps its colour wherever it appears. The gross loss and the
/// public cost have colours of their own, and no party colour is black or grey, which the
/// charts keep for their mean, VaR and ES markers.
struct PartyColors: Sendable {
    /// Colour-blind-safe hues (Okabe and Ito), then further distinct hues.
    static let palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d31", "#7b4173", "#17becf", "#bcbd22"]
    static let grossLoss = "#4d4d4d"
    static let publicCost = "#a6761d"

    private var colors: [String: String] = [:]

    init(report: Report) {
        var names = report.parties.map(\.name)
        for name in report.pools.map(\.name) + (report.fiscal?.subsidies.map(\.name) ?? []) where !names.contains(name) {
            names.append(name)
        }
        for (i, name) in names.enumerated() { colors[name] = Self.palette[i % Self.palette.count] }
    }

    /// The party's colour; a name the report does not list gets the first palette colour.
    func color(of party: String) -> String { colors[party] ?? Self.palette[0] }

    /// Whether `name` is a party of the report.
    func has(_ name: String) -> Bool { colors[name] != nil }
}
