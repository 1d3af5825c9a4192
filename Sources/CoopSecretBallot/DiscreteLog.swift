import CoopCrypto

/// Finds `m` in `0...bound` from `m·B` by baby-step giant-step: about `2·√(bound+1)` group
/// additions and a table of `⌈√(bound+1)⌉` elements. The bound is the number of counted
/// ballots, since a count can never exceed it; anything outside is reported as not found.
struct DiscreteLog {
    let bound: Int
    private let step: Int
    private let babySteps: [Ristretto255.Element: Int]
    private let giantStep: Ristretto255.Element

    init(bound: Int) {
        precondition(bound >= 0, "a count bound is never negative")
        self.bound = bound
        var step = 1
        while step * step < bound + 1 { step += 1 }
        self.step = step
        var table: [Ristretto255.Element: Int] = [:]
        var point = Ristretto255.Element.identity
        for j in 0..<step {
            table[point] = j
            point = point + .generator
        }
        babySteps = table
        giantStep = point  // step·B
    }

    /// `m` with `m·B = target` and `0 ≤ m ≤ bound`, or nil.
    func solve(_ target: Ristretto255.Element) -> Int? {
        var current = target
        var giant = 0
        while giant * step <= bound {
            if let j = babySteps[current] {
                let m = giant * step + j
                return m <= bound ? m : nil
            }
            current = current - giantStep
            giant += 1
        }
        return nil
    }
}
