/// Fixed-size working memory of one worker (one flag or amount per loan, group or segment),
/// allocated once and reused path after path. Reads and writes go straight to memory: an
/// `Array` held in a struct that is mutated in a loop pays a copy-on-write check on every
/// write, which the simulation's inner loops cannot afford.
final class WorkingBuffer<Element> {
    let count: Int
    /// The elements' memory, for writers that fill the buffer in order (e.g. `PathRecord`).
    let base: UnsafeMutablePointer<Element>

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

/// A list in working memory (the year's default events, the loans defaulted on a path):
/// appended as things happen, cleared for the next year or path, never shrunk.
final class GrowableBuffer<Element> {
    private(set) var count = 0
    private var capacity: Int
    private var base: UnsafeMutablePointer<Element>

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: 2 * capacity)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// Gives back the room beyond the elements held (a list kept long after it was filled).
    func shrinkToFit() {
        guard capacity > max(count, 1) else { return }
        let exact = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        exact.moveInitialize(from: base, count: count)
        base.deallocate()
        base = exact
        capacity = max(count, 1)
    }

    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// The elements, readable and reorderable in place until the next append or `removeAll`.
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }
}
