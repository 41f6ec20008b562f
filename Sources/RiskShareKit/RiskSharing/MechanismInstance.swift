/// One mechanism with its per-path state, as one worker runs it. The plan holds these as
/// existentials and calls them once per year; inside, the mechanism's concrete code runs.
protocol MechanismInstance {
    mutating func beginPath()
    mutating func beginYear(_ year: inout WaterfallYear)
    mutating func allocate(_ year: inout WaterfallYear)
    mutating func endYear(_ year: inout WaterfallYear)
    func writeColumns(into record: inout PathRecord)
    mutating func takeCapBound() -> Bool
    var topups: Double { get }
}

struct Instance<M: RiskSharingMechanism>: MechanismInstance {
    let mechanism: M
    var state: M.State

    init(_ mechanism: M, setup: WaterfallSetup) {
        self.mechanism = mechanism
        state = mechanism.makeState(setup)
    }

    mutating func beginPath() { mechanism.beginPath(&state) }
    mutating func beginYear(_ year: inout WaterfallYear) { mechanism.beginYear(&year, &state) }
    mutating func allocate(_ year: inout WaterfallYear) { mechanism.allocate(&year, &state) }
    mutating func endYear(_ year: inout WaterfallYear) { mechanism.endYear(&year, &state) }
    func writeColumns(into record: inout PathRecord) { mechanism.writeColumns(state, into: &record) }
    mutating func takeCapBound() -> Bool { mechanism.takeCapBound(&state) }
    var topups: Double { mechanism.topups(state) }
}

extension RiskSharingMechanism {
    /// This mechanism with a fresh state, ready for a worker's paths.
    func instance(_ setup: WaterfallSetup) -> any MechanismInstance { Instance(self, setup: setup) }
}
