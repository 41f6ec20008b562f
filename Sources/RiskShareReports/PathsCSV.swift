import RiskShareKit
import RiskShareSupport

/// The `--paths-out` file: one row per path with `path`, `gross_loss`, `defaults`,
/// `gross_loss_y1`..., then one column per party holding its total loss on the path, then the
/// gross loss of each segment, `gross_loss_seg_<name>` (books of at most 256 segments), then,
/// under importance sampling, `weight`: the path's likelihood ratio.
public enum PathsCSV {
    public static func render(table: PathTable, horizon: Int, parties: [String]) -> String {
        var header = ["path", "gross_loss", "defaults"] + (1...horizon).map { "gross_loss_y\($0)" }
        var sources = ["gross_loss", "defaults"] + (1...horizon).map { "gross_loss.y\($0)" }
        for party in parties where table.has("party.\(party).loss") {
            header.append(party)
            sources.append("party.\(party).loss")
        }
        for name in table.names where name.hasPrefix("gross_loss.seg.") {
            // Segment names are free text: CSVReport.field quotes (and neutralises) them.
            header.append("gross_loss_seg_" + name.dropFirst("gross_loss.seg.".count))
            sources.append(name)
        }
        var columns = sources.map { table[$0] }
        // Under importance sampling each path is a weighted draw: its likelihood ratio is needed
        // for any statistic (means are Σ weight·x / n), so it travels with the row.
        if let weights = table.weights {
            header.append("weight")
            columns.append(weights)
        }
        var out = header.map(CSVReport.field).joined(separator: ",") + "\n"
        out.reserveCapacity(table.rowCount * columns.count * 12)
        for row in 0..<table.rowCount {
            out += String(row + 1)
            for column in columns {
                out += ","
                out += JSONValue.format(column[row])
            }
            out += "\n"
        }
        return out
    }
}
