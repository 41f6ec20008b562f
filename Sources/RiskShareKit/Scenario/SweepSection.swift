/// The optional `sweep:` section of a scenario file: the same as the command line's `--vary`,
/// `--zip` and `--metric`, so a study can be kept with its scenario.
///
/// ```yaml
/// sweep:
///   vary:                                   # path: values (a list), or "start:stop:step"
///     risk_sharing.layers[0].shares.bank: 0.5:0.7:0.05
///     risk_sharing.layers[type=compensation_pool].initial_balance: [2.0e8, 5.0e8, 1.0e9]
///   zip: false                              # true: read the lists side by side
///   metrics: [parties.bank.loss.mean, pools.pool.p_exhausted]
/// ```
/// `vary` may also be a list of such maps: the paths of one map move together (zipped, so
/// they need equal numbers of values) and the maps form the grid, e.g. the bank's and the
/// guarantor's shares of a guarantee (which must keep summing to 1) against the pool size.
/// `riskshare run` ignores the section; `riskshare sweep` uses it unless the command line
/// gives `--vary` (which replaces the file's axes) or `--metric` (which replaces its metrics).
public struct SweepSection: Sendable, Equatable {
    public var axes: [SweepAxis]
    public var zipped: Bool
    public var metrics: [String]
    /// Axis indices moving together; each group is one dimension of the grid.
    public var groups: [[Int]]

    public init(axes: [SweepAxis] = [], zipped: Bool = false, metrics: [String] = [], groups: [[Int]]? = nil) {
        self.axes = axes
        self.zipped = zipped
        self.metrics = metrics
        self.groups = groups ?? axes.indices.map { [$0] }
    }

    /// Reads and validates the section. Paths are parsed here; whether they exist in the
    /// scenario is checked when the sweep is prepared (`SweepSetup`).
    public static func parse(_ reader: NodeReader) throws -> SweepSection {
        let map = try reader.map()
        var section = SweepSection()
        section.groups = []
        if let vary = map.optional("vary") {
            // A map: one grid dimension per path. A list of maps: one dimension per map.
            let blocks: [NodeReader]
            if vary.isList { blocks = try vary.list(maxCount: 64) } else { blocks = [vary] }
            for block in blocks {
                guard block.isMap else {
                    throw block.error("expected a map of PATH: values (a list or \"start:stop:step\"), found \(block.node.kind)")
                }
                var group: [Int] = []
                for (key, valueReader) in try block.map().allEntries() {
                    let path: ParameterPath
                    do { path = try ParameterPath(key) } catch let error as ScenarioError {
                        throw valueReader.error("is not a valid parameter path: \(error.message)", showValue: false)
                    }
                    group.append(section.axes.count)
                    section.axes.append(try axis(path: path, reader: valueReader))
                }
                if vary.isList { section.groups.append(group) } else { section.groups += group.map { [$0] } }
            }
        }
        section.zipped = try map.optional("zip")?.bool() ?? false
        if section.zipped { section.groups = section.axes.isEmpty ? [] : [Array(section.axes.indices)] }
        if let metrics = map.optional("metrics") {
            section.metrics = try metrics.list(maxCount: 1000).map { item in
                let text = try item.string()
                if text.isEmpty { throw item.error("must be a JSON path into report.json, e.g. gross_loss.mean") }
                return text
            }
        }
        try map.finish()
        return section
    }

    private static func axis(path: ParameterPath, reader: NodeReader) throws -> SweepAxis {
        do {
            switch reader.node.value {
            case .list(let items):
                if items.isEmpty { throw reader.error("has no values", showValue: false) }
                if items.count > SweepAxis.maximumValues {
                    throw reader.error("has more than \(SweepAxis.maximumValues) values", showValue: false)
                }
                return SweepAxis.nodes(path: path, values: items)
            case .string(let text) where text.filter({ $0 == ":" }).count == 2:
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
                    String($0).trimmingCharacters(in: .whitespaces)
                }
                return try SweepAxis.range(path: path, start: parts[0], stop: parts[1], step: parts[2], source: reader.file)
            case .map:
                let range = try reader.map()
                let from = try range.required("from", "first value of the range").number()
                let to = try range.required("to", "last value of the range").number()
                let step = try range.required("step", "step of the range (non-zero, towards `to`)").number()
                try range.finish()
                return try SweepAxis.range(path: path, start: from, stop: to, step: step, source: reader.file)
            case .null:
                throw reader.error("has no values", showValue: false)
            default:
                return SweepAxis.nodes(path: path, values: [reader.node])
            }
        } catch var error as ScenarioError where error.file == reader.file && error.path == path.description {
            // Range errors are raised with the parameter path; point at the key in the file instead.
            error.path = reader.path
            error.line = reader.node.line
            throw error
        }
    }
}
