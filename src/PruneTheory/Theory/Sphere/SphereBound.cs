namespace PruneTheory.Theory.Sphere;

/// <summary>Certified bracket Lower ≤ sup_{‖x‖≤1} |f − g_S| ≤ Upper, and how many cells were evaluated.</summary>
public sealed record SphereBracket(double Lower, double Upper, int Cells);

/// <summary>
/// Full-sphere sup error in d ≥ 2 (model A, e(x) = σ(⟨w*,x⟩) − Σ_S α_k σ(⟨w_k,x⟩), degree-1 homogeneous, so ball = sphere) by
/// branch and bound over the radially projected faces of the cube [−1,1]^d. A face box with centre y projects to c = y/‖y‖ and
/// every sphere point of the box lies within ρ = the box's half-diagonal of c (the radial retraction onto the ball is 1-Lipschitz).
/// On that cap, units whose sign cannot change (|⟨w,c⟩| &gt; ‖w‖ρ) are linear or zero; their sum v gives
/// |⟨v, x − c⟩| ≤ ‖v_tan‖ρ + |⟨v,c⟩|ρ²/2 (since ⟨c, x − c⟩ = −‖x − c‖²/2 on the sphere), and each sign-changing unit adds at most
/// |α|‖w‖ρ. Lower = the largest |e| at an evaluated centre (an attained value), Upper = the largest cell bound left (certified).
/// Cost O(cells·|S|·d); cells grow like (L/tolerance)^{(d−1)/2} near the maximiser thanks to the quadratic term.
/// </summary>
public static class SphereBound
{
    private sealed record Cell(int Face, double[] Lo, double[] Hi, double Value, double Bound);

    /// <param name="wStar">target weight vector (any norm)</param>
    /// <param name="w">kept units' weight vectors (length d each)</param>
    /// <param name="alpha">kept units' output weights</param>
    /// <param name="relativeTolerance">stop when Upper ≤ Lower·(1 + tolerance)</param>
    /// <param name="maxCells">evaluation budget (a pure count: the bracket does not depend on machine load)</param>
    public static SphereBracket Solve(double[] wStar, IReadOnlyList<double[]> w, IReadOnlyList<double> alpha, double relativeTolerance = 0.02, int maxCells = 200_000, int initialSplits = 4)
    {
        int d = wStar.Length;
        var coef = new double[w.Count + 1]; var dirs = new double[w.Count + 1][]; var norms = new double[w.Count + 1];
        coef[0] = 1; dirs[0] = wStar;
        for (int k = 0; k < w.Count; k++) { coef[k + 1] = -alpha[k]; dirs[k + 1] = w[k]; }
        for (int k = 0; k < dirs.Length; k++) norms[k] = Math.Sqrt(dirs[k].Sum(v => v * v));
        var queue = new PriorityQueue<Cell, double>();
        double lower = 0; int cells = 0;
        var y = new double[d]; var vsum = new double[d];
        Cell Evaluate(int face, double[] lo, double[] hi)
        {
            // face = 2·axis + side: coordinate `axis` fixed at ±1, the others span [lo, hi]
            int axis = face / 2, j = 0; double rho2 = 0, ny = 0;
            for (int i = 0; i < d; i++)
            {
                if (i == axis) y[i] = face % 2 == 0 ? 1 : -1;
                else { y[i] = 0.5 * (lo[j] + hi[j]); rho2 += 0.25 * (hi[j] - lo[j]) * (hi[j] - lo[j]); j++; }
                ny += y[i] * y[i];
            }
            ny = Math.Sqrt(ny);
            for (int i = 0; i < d; i++) y[i] /= ny;
            double rho = Math.Sqrt(rho2), e = 0, crossing = 0;
            Array.Clear(vsum);
            for (int k = 0; k < dirs.Length; k++)
            {
                double dot = 0; var wk = dirs[k];
                for (int i = 0; i < d; i++) dot += wk[i] * y[i];
                if (dot > 0) e += coef[k] * dot;
                if (Math.Abs(dot) <= norms[k] * rho) crossing += Math.Abs(coef[k]) * norms[k];
                else if (dot > 0) for (int i = 0; i < d; i++) vsum[i] += coef[k] * wk[i];
            }
            double radial = 0, total = 0;
            for (int i = 0; i < d; i++) { radial += vsum[i] * y[i]; total += vsum[i] * vsum[i]; }
            double tangential = Math.Sqrt(Math.Max(0, total - radial * radial));
            cells++;
            return new Cell(face, lo, hi, Math.Abs(e), Math.Abs(e) + tangential * rho + Math.Abs(radial) * rho2 / 2 + crossing * rho);
        }
        void Push(Cell c) { lower = Math.Max(lower, c.Value); queue.Enqueue(c, -c.Bound); }
        for (int face = 0; face < 2 * d; face++)
            foreach (var (lo, hi) in Grid(d - 1, initialSplits)) Push(Evaluate(face, lo, hi));
        while (queue.Count > 0)
        {
            var top = queue.Peek();
            if (top.Bound <= lower * (1 + relativeTolerance) + 1e-12 || cells >= maxCells) break;
            queue.Dequeue();
            int split = 0;   // split the widest side in two
            for (int j = 1; j < top.Lo.Length; j++) if (top.Hi[j] - top.Lo[j] > top.Hi[split] - top.Lo[split]) split = j;
            double mid = 0.5 * (top.Lo[split] + top.Hi[split]);
            var (hiA, loB) = ((double[])top.Hi.Clone(), (double[])top.Lo.Clone());
            hiA[split] = mid; loB[split] = mid;
            Push(Evaluate(top.Face, top.Lo, hiA));
            Push(Evaluate(top.Face, loB, top.Hi));
        }
        double upper = queue.Count > 0 ? Math.Max(lower, queue.Peek().Bound) : lower;
        return new SphereBracket(lower, upper, cells);
    }

    /// <summary>The initial boxes: [−1,1]^m cut into k equal parts per side.</summary>
    private static IEnumerable<(double[] Lo, double[] Hi)> Grid(int m, int k)
    {
        var idx = new int[m];
        while (true)
        {
            yield return (idx.Select(i => -1 + 2.0 * i / k).ToArray(), idx.Select(i => -1 + 2.0 * (i + 1) / k).ToArray());
            int p = 0;
            while (p < m && ++idx[p] == k) idx[p++] = 0;
            if (p == m) yield break;
        }
    }
}
