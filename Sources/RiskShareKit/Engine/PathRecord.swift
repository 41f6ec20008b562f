/// The values one path records (`Simulation.columns`, then its likelihood ratio), written in
/// order into working memory that the worker reuses path after path.
struct PathRecord {
    private let values: UnsafeMutablePointer<Double>
    let capacity: Int
    private(set) var count = 0

    init(_ values: UnsafeMutablePointer<Double>, capacity: Int) {
        self.values = values
        self.capacity = capacity
    }

    @inline(__always) mutating func append(_ x: Double) {
        precondition(count < capacity, "more values than columns")
        values[count] = x
        count += 1
    }

    mutating func append(contentsOf xs: [Double]) { for x in xs { append(x) } }

    subscript(i: Int) -> Double {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
        return values[i]
    }
}
