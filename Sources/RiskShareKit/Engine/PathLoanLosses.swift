/// The gross loss of every loan that defaulted on chosen paths, summed over the horizon.
///
/// A run keeps per-path totals only. To name the loans behind a tail, the tail's paths are
/// simulated again, alone: every draw is keyed by (seed, path, year, purpose, segment), so a
/// path simulated by itself has exactly the defaults and LGDs it had in the run (a
/// quasi-Monte Carlo path takes the Sobol point of its position in its block).
public struct PathLoanLosses: Sendable {
    /// The defaults of one loan, or of one homogeneous group, on one path.
    ///
    /// A homogeneous group's defaults are drawn as a count, so which of its loans defaulted is
    /// not drawn: its loans are exchangeable (same exposure, PD, LGD and terms), so each has the
    /// same expected share of the group's loss, and the group's loss is spread over its loans
    /// equally.
    public struct Entry: Sendable, Equatable {
        /// Book positions of the loans the loss belongs to: one loan, or a homogeneous group.
        public var loans: Range<Int>
        /// Their allocation cell (`RiskSharingPlan.cells`), or -1 when the plan records no cells.
        public var cell: Int
        /// Their gross loss over the horizon on the path (currency): Σ exposure × LGD at default.
        public var loss: Double
    }

    /// The paths, ascending global path numbers.
    public let paths: [Int]
    /// Entries of `paths[k]` at `entries[starts[k]..<starts[k + 1]]`, in ascending loan order.
    public let entries: [Entry]
    public let starts: [Int]

    /// The entries of the k-th path.
    /// - Parameter k: index into `paths`.
    /// - Returns: its entries, in ascending loan order.
    public func entries(ofPath k: Int) -> ArraySlice<Entry> { entries[starts[k]..<starts[k + 1]] }
}

extension Simulation {
    /// Simulates `paths` again, one at a time on this thread, and returns each one's loan losses.
    /// - Parameter paths: global path numbers in 0..<`scenario.simulation.paths`, any order,
    ///   duplicates allowed.
    /// - Returns: the losses, paths ascending and without duplicates.
    public func loanLosses(onPaths paths: [Int]) -> PathLoanLosses {
        let wanted = Array(Set(paths)).sorted()
        precondition(wanted.allSatisfy { $0 >= 0 && $0 < scenario.simulation.paths }, "paths of the run")
        var simulator = PathSimulator(simulation: self)
        let record = DefaultRecord(horizon: scenario.simulation.horizonYears, segmentCount: book.segmentNames.count)
        let cells = plan.cells
        var entries: [PathLoanLosses.Entry] = []
        var starts = [0]
        let groups = book.groups
        // The path's events ordered by (unit, draw order), as unit << 24 | position: a sort of
        // the path's few events rather than a table over the whole book.
        var keys: [UInt64] = []
        var position = 0
        while position < wanted.count {
            let block = wanted[position] / scenario.simulation.blockPaths
            let end = wanted[position...].firstIndex { $0 / scenario.simulation.blockPaths != block } ?? wanted.count
            simulator.recordPaths(wanted[position..<end], ofBlock: block, into: record) { record in
                let events = UnsafeBufferPointer(record.events.elements)
                precondition(events.count < 1 << 24, "a path's defaults fit the sort key")
                keys.removeAll(keepingCapacity: true)
                for (k, event) in events.enumerated() {
                    let unit = groups[event.group].isHomogeneous ? groups[event.group].range.lowerBound : event.loan
                    keys.append(UInt64(unit) << 24 | UInt64(k))
                }
                keys.sort()
                var k = 0
                while k < keys.count {
                    let unit = Int(keys[k] >> 24)
                    let group = events[Int(keys[k] & 0xFF_FFFF)].group
                    // Summed in the order drawn, year after year, the order the waterfall adds them.
                    var loss = 0.0
                    while k < keys.count, Int(keys[k] >> 24) == unit {
                        loss += events[Int(keys[k] & 0xFF_FFFF)].loss
                        k += 1
                    }
                    let loans = groups[group].isHomogeneous ? groups[group].range : unit..<(unit + 1)
                    entries.append(.init(loans: loans, cell: cells.map { $0.cell(loan: unit, group: group) } ?? -1, loss: loss))
                }
                starts.append(entries.count)
            }
            position = end
        }
        return PathLoanLosses(paths: wanted, entries: entries, starts: starts)
    }
}

extension PathSimulator {
    /// Simulates the paths `wanted` (ascending, all in block `b`) with the draws `runBlock`
    /// gives them, each into `record` alone, and hands the record to `body` after each path.
    mutating func recordPaths(_ wanted: ArraySlice<Int>, ofBlock b: Int, into record: DefaultRecord, _ body: (DefaultRecord) -> Void) {
        factorSampler = FactorSampler(simulation: simulation, block: b)
        recording = record
        defer { recording = nil }
        var next = wanted.startIndex
        for path in simulation.pathRange(ofBlock: b) where next < wanted.endIndex {
            // A skipped path still takes its quasi-random point, so the next path gets its own.
            guard path == wanted[next] else {
                factorSampler.beginPath()
                continue
            }
            record.begin(paths: path..<(path + 1))
            currentPath = UInt64(path)
            simulatePath(stream)
            body(record)
            next += 1
        }
    }
}
