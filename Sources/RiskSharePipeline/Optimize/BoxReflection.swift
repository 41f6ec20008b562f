/// The map from the simplex's unbounded coordinates to the unit box, so that an unconstrained
/// minimiser searches a bounded box: each coordinate z is folded into [0, 1] by reflection at
/// the walls,
///
///     u(z) = t        if t ≤ 1,     u(z) = 2 - t   otherwise,   where t = z - 2·⌊z/2⌋ ∈ [0, 2).
///
/// u is continuous and piecewise linear with slope ±1, so distances (and the simplex size used
/// by the stopping rule) keep their meaning in units of the parameter's range, and the walls
/// u = 0 and u = 1 are reached exactly (at even and odd integers), so a design at a bound can be
/// the answer. A logistic map would never reach a bound and would stretch the search near one.
enum BoxReflection {
    static func unit(_ z: Double) -> Double {
        let t = z - 2 * (z / 2).rounded(.down)
        return t <= 1 ? t : 2 - t
    }

    /// The step of a first simplex from position `u`: `size` towards the interior (upwards in
    /// the lower half, downwards in the upper half), so the first vertices are distinct designs
    /// even at a wall.
    static func firstStep(from u: Double, size: Double) -> Double {
        u <= 0.5 ? size : -size
    }
}
