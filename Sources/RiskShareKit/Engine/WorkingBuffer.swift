/// Fixed-size working memory of one worker (one flag or amount per loan, group or segment),
/// allocated once and reused path after path. Reads and writes go straight to memory: an
/// `Array` held in a struct that is mutated in a loop pays a copy-on-write check on every
/// write, which the simulation's inner loops cannot afford.
final class WorkingBuffer<Element> {
    let count: Int
    private let base: UnsafeMutablePointer<Element>

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: max(count, 1))
        _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: values)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(i: Int) -> Element {
        get {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            return base[i]
        }
        set {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            base[i] = newValue
        }
    }

    /// Sets every element to `value`.
    func fill(_ value: Element) { base.update(repeating: value, count: count) }
}

/// The year's default events of one worker: appended as they are drawn, then ordered and handed
/// to the waterfall. Grows to the largest year seen and is reused.
final class EventBuffer {
    private(set) var count = 0
    private var capacity: Int
    private var base: UnsafeMutablePointer<DefaultEvent>

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func append(_ event: DefaultEvent) {
        if count == capacity { grow() }
        (base + count).initialize(to: event)
        count += 1
    }

    private func grow() {
        let larger = UnsafeMutablePointer<DefaultEvent>.allocate(capacity: 2 * capacity)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// The events, readable and reorderable in place.
    var events: UnsafeMutableBufferPointer<DefaultEvent> { UnsafeMutableBufferPointer(start: base, count: count) }
}
