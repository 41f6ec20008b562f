import CGSL

extension GSL {
    /// Arithmetic mean (GSL's running-mean algorithm, stable for large samples); 0 for no data.
    package static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return values.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation around `mean` (n - 1 denominator); 0 for fewer than two values.
    package static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        return values.withUnsafeBufferPointer { gsl_stats_sd_m($0.baseAddress, 1, $0.count, mean) }
    }

    /// Sorts ascending in place (GSL heapsort is not stable, which is irrelevant for numbers).
    package static func sortAscending(_ values: inout [Double]) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
    }

    /// Permutation that sorts `values` ascending (for weighted statistics).
    package static func sortIndex(_ values: [Double]) -> [Int] {
        guard !values.isEmpty else { return [] }
        var permutation = [Int](repeating: 0, count: values.count)
        permutation.withUnsafeMutableBufferPointer { p in
            values.withUnsafeBufferPointer { v in
                p.baseAddress!.withMemoryRebound(to: Int.self, capacity: p.count) { raw in
                    raw.withMemoryRebound(to: size_t.self, capacity: p.count) { gsl_sort_index($0, v.baseAddress, 1, v.count) }
                }
            }
        }
        return permutation
    }
}
