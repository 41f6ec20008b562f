import RiskShareKit
import RiskShareSupport

/// "Scheme terms and assumptions": every layer, subsidy and the tolerance rule with their
/// parameters, then the default model and the segments, so two designs can be told apart from
/// this section alone. Values come from `Report.terms` (the scenario as validated).
extension MarkdownReport {
    mutating func schemeTerms() {
        add(.heading(level: 2, text: s.schemeTerms, id: "scheme-terms"))
        let terms = report.terms
        add(.heading(level: 3, text: s.layersHeading))
        if terms.layers.isEmpty {
            add(.paragraph(s.noLayers))
        } else {
            for (i, layer) in terms.layers.enumerated() {
                add(.paragraph(s.layerTitle(key: layer.key, type: s.mechanismName(layer.type), position: n.plain(Double(i + 1), at: nil))))
                add(.bullets(layer.terms.map { termLine($0, at: Pointer.make("terms", "layers", i, $0.key)) }))
            }
        }
        if !terms.subsidies.isEmpty {
            add(.heading(level: 3, text: s.subsidiesHeading))
            for (i, subsidy) in terms.subsidies.enumerated() {
                add(.paragraph(s.subsidyTitle(position: n.plain(Double(i + 1), at: nil))))
                add(.bullets(subsidy.terms.map { termLine($0, at: Pointer.make("terms", "subsidies", i, $0.key)) }))
            }
        }
        add(.heading(level: 3, text: s.toleranceHeading))
        if let tolerance = terms.tolerance {
            add(
                .bullets(
                    tolerance.terms.map {
                        termLine(
                            $0,
                            at: Pointer.make(
                                "terms", "tolerance",
                                $0.key))
                    } + [s.toleranceRuleExplanation]))
        } else {
            add(.paragraph(s.noTolerance))
        }
        add(.heading(level: 3, text: s.modelHeading))
        add(.bullets(terms.model.map { termLine($0, at: Pointer.make("terms", "model", $0.key)) }))
        segmentTable(terms.segments)
    }

    /// "Label: value".
    private mutating func termLine(_ term: SchemeTerm, at pointer: String) -> String {
        s.termLabel(term.key) + s.labelSeparator + termValue(term.value, at: pointer)
    }

    /// The segments as one table: a column per term key, in order of first appearance.
    private mutating func segmentTable(_ segments: [MechanismTerms]) {
        guard !segments.isEmpty else { return }
        var keys: [String] = []
        for segment in segments { for term in segment.terms where !keys.contains(term.key) { keys.append(term.key) } }
        let header = [s.segment] + keys.map { s.termLabel($0) }
        var rows: [[String]] = []
        for (i, segment) in segments.enumerated() {
            var row = ["`\(segment.key)`"]
            for key in keys {
                if let value = segment.value(key) {
                    row.append(termValue(value, at: Pointer.make("terms", "segments", i, key)))
                } else {
                    row.append(s.notApplicable)
                }
            }
            rows.append(row)
        }
        add(.paragraph(s.segmentsHeading))
        add(.table(header: header, rows: rows, alignments: [.left] + Array(repeating: .left, count: keys.count)))
    }

    /// A term's value: fractions as percents, amounts in a unit fitting each, names as code.
    mutating func termValue(_ value: SchemeTerm.Value, at pointer: String) -> String {
        switch value {
        case .fraction(let x): return n.percent(x, at: pointer, decimals: Self.termPercentDecimals(x))
        case .amount(let x):
            let unit = n.unit(for: x)
            return n.money(x, unit, at: pointer) + " " + unit.label
        case .number(let x): return n.exact(x, at: pointer)
        case .integer(let i): return n.plain(Double(i), at: pointer)
        case .identifier(let i): return n.exact(Double(i), at: pointer)
        case .word(let w): return "`\(w)`"
        case .flag(let b): return b ? s.yes : s.no
        case .party(let p): return "`\(p)`"
        case .parties(let names), .names(let names):
            return names.isEmpty ? s.none : list(names.map { "`\($0)`" })
        case .segments(let names):
            guard let names else { return s.allSegments }
            return list(names.map { "`\($0)`" })
        case .fractions(let named):
            guard !named.isEmpty else { return s.none }
            var parts: [String] = []
            for item in named {
                parts.append(
                    "`\(item.name)` "
                        + n.percent(
                            item.value, at: pointer + "/" + item.name,
                            decimals: Self.termPercentDecimals(item.value)))
            }
            return parts.joined(separator: s.itemSeparator)
        case .amounts(let named):
            guard !named.isEmpty else { return s.none }
            var parts: [String] = []
            for item in named {
                let unit = n.unit(for: item.value)
                parts.append("`\(item.name)` " + n.money(item.value, unit, at: pointer + "/" + item.name) + " " + unit.label)
            }
            return parts.joined(separator: s.itemSeparator)
        case .namedNumbers(let named):
            guard !named.isEmpty else { return s.none }
            var parts: [String] = []
            for item in named { parts.append("`\(item.name)` " + n.exact(item.value, at: pointer + "/" + item.name)) }
            return parts.joined(separator: s.itemSeparator)
        case .numbers(let xs):
            var parts: [String] = []
            for (i, x) in xs.enumerated() { parts.append(n.exact(x, at: pointer + "/\(i)")) }
            return parts.isEmpty ? s.none : parts.joined(separator: s.itemSeparator)
        case .unlimited: return s.none
        }
    }

    /// Enough decimals to show a scheme parameter exactly when it has at most 4 decimals as a
    /// percent (0.68% fee, 0.125% rate), and at least 0.
    static func termPercentDecimals(_ x: Double) -> Int {
        for d in 0...4 {
            let scaled = x * 100 * Double(Int(pow10(d)))
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, abs(scaled)) { return d }
        }
        return 4
    }

    private static func pow10(_ d: Int) -> Double { (0..<d).reduce(1.0) { r, _ in r * 10 } }
}
