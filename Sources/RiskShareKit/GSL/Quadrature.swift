import CGSL

/// Numerical integration with GSL: fixed Gauss-Legendre rules (`gsl_integration_glfixed`) and
/// adaptive Gauss-Kronrod integration (`gsl_integration_qag`). The Swift closure reaches the C
/// callback through GSL's `params` context pointer; no unsafe pointer leaves this file.
extension GSL {
    /// Nodes and weights of the `order`-point Gauss-Legendre rule on [a, b]:
    /// ∫ₐᵇ f(x) dx ≈ Σ weights[i] f(nodes[i]), exact for polynomials of degree < 2·order.
    package static func gaussLegendreRule(order: Int, from a: Double, to b: Double) -> (nodes: [Double], weights: [Double]) {
        precondition(order >= 1, "a Gauss-Legendre rule needs at least one point")
        guard let table = gsl_integration_glfixed_table_alloc(order) else {
            preconditionFailure("GSL could not allocate a \(order)-point Gauss-Legendre table")
        }
        defer { gsl_integration_glfixed_table_free(table) }
        var nodes = [Double](repeating: 0, count: order)
        var weights = [Double](repeating: 0, count: order)
        for i in 0..<order {
            var x = 0.0, w = 0.0
            gsl_integration_glfixed_point(a, b, i, &x, &w, table)
            nodes[i] = x
            weights[i] = w
        }
        return (nodes, weights)
    }

    /// ∫ₐᵇ f(x) dx by GSL's adaptive 61-point Gauss-Kronrod integration (QAG), stopping when
    /// the estimated error is below max(absoluteTolerance, relativeTolerance·|result|).
    /// Returns the value and GSL's error estimate; throws `GSLFailure` when GSL cannot reach the
    /// tolerance within `maximumIntervals` subintervals (or meets a non-finite value).
    package static func integrate(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        maximumIntervals: Int = 2000,
        _ f: (Double) -> Double
    ) throws -> (value: Double, error: Double) {
        installErrorHandler()
        return try withoutActuallyEscaping(f) { escapable in
            let box = IntegrandBox(escapable)
            guard let workspace = gsl_integration_workspace_alloc(maximumIntervals) else {
                throw GSLFailure(reason: "workspace allocation failed", code: Int32(GSL_ENOMEM), context: "integrating")
            }
            defer { gsl_integration_workspace_free(workspace) }
            var result = 0.0, error = 0.0
            let status = withExtendedLifetime(box) { () -> Int32 in
                var function = gsl_function(
                    function: { x, params in
                        Unmanaged<IntegrandBox>.fromOpaque(params!).takeUnretainedValue().f(x)
                    },
                    params: Unmanaged.passUnretained(box).toOpaque())
                return gsl_integration_qag(
                    &function, a, b, absoluteTolerance, relativeTolerance, maximumIntervals,
                    Int32(GSL_INTEG_GAUSS61), workspace, &result, &error)
            }
            if status != GSL_SUCCESS {
                try checkFailures(context: "integrating over [\(a), \(b)]")
                throw GSLFailure(
                    reason: String(cString: gsl_strerror(status)), code: status,
                    context: "integrating over [\(a), \(b)]")
            }
            return (result, error)
        }
    }
}

/// Carries a Swift closure through GSL's `void *params`.
private final class IntegrandBox {
    let f: (Double) -> Double
    init(_ f: @escaping (Double) -> Double) { self.f = f }
}
