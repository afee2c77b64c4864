/**
 * The halting model of the PonderNet scene (Banino et al. 2021) as plain math:
 * the per-step halting probability, the horizon, the halting distribution, the
 * geometric prior and the KL divergence between them. Allocation-free; shared by
 * the kernels, the scene's statistics and the tests.
 */

/**
 * The horizon N: the first step at which the geometric prior's cumulative mass
 * `1 - (1 - lambdaP)^N` reaches 0.95. At step N every agent halts (`lambda_N = 1`),
 * so the halting distribution is a proper distribution over 1..N.
 *
 * @example
 * horizon(0.2) // 14, since 0.8^13 = 0.055 > 0.05 >= 0.8^14 = 0.044
 */
export function horizon(lambdaP: number): number {
  let n = 1;
  let survive = 1 - lambdaP;
  // 1e-12 keeps exact cases (lambdaP = 0.95: one step) from tipping on rounding.
  while (survive > 0.05 + 1e-12) {
    survive *= 1 - lambdaP;
    n++;
  }
  return n;
}

/**
 * Halting probability at step `n` (1-based) for an input with `k` set bits:
 * `(1 - w) * lambdaP + w * sigmoid(6 * (n / k - 1))`, and 1 at the horizon.
 * `w = 0` is the geometric prior; `w = 1` halts around `n = k`, when every set bit
 * has been read.
 *
 * @example
 * haltingLambda(3, 3, 0.2, 1, 14) // 0.5: at n = k the sigmoid is one half
 */
export function haltingLambda(n: number, k: number, lambdaP: number, w: number, N: number): number {
  if (n >= N) return 1;
  return (1 - w) * lambdaP + w / (1 + Math.exp(-6 * (n / k - 1)));
}

/**
 * The halting distribution `p_n = lambda_n * prod_{j<n} (1 - lambda_j)`, n = 1..N,
 * into `out[offset + n - 1]`. Sums to 1 because `lambda_N = 1`.
 *
 * @example
 * const p = new Float64Array(14);
 * haltingDistribution(4, 0.2, 0.5, 14, p, 0);
 */
export function haltingDistribution(k: number, lambdaP: number, w: number, N: number, out: Float64Array, offset: number): void {
  let survive = 1;
  for (let n = 1; n <= N; n++) {
    const lam = haltingLambda(n, k, lambdaP, w, N);
    out[offset + n - 1] = survive * lam;
    survive *= 1 - lam;
  }
}

/**
 * The prior: a geometric distribution with rate `lambdaP` truncated at the horizon
 * N (its remaining mass put on N), into `out[0 .. N)`. Its mean is
 * `(1 - (1 - lambdaP)^N) / lambdaP`.
 *
 * @example
 * const prior = new Float64Array(14); geometricPrior(0.2, 14, prior);
 */
export function geometricPrior(lambdaP: number, N: number, out: Float64Array): void {
  haltingDistribution(1, lambdaP, 0, N, out, 0);
}

/**
 * KL divergence OF the halting distribution FROM the prior:
 * `D_KL(halting ‖ prior) = sum_n halting[n] * ln(halting[n] / prior[n])`, in nats.
 * This is the direction of PonderNet's regularizer L_Reg; public implementations
 * disagree on it, so the name says it. Terms with `halting[n] = 0` contribute 0.
 *
 * @example
 * klOfHaltingFromPrior(p, prior, 14) // >= 0, 0 iff p equals the prior
 */
export function klOfHaltingFromPrior(halting: Float64Array, prior: Float64Array, N: number): number {
  let kl = 0;
  for (let n = 0; n < N; n++) {
    const p = halting[n];
    if (p > 0) kl += p * Math.log(p / prior[n]);
  }
  return kl;
}

/**
 * Mean step of a distribution over 1..N stored at `p[offset ..]`.
 *
 * @example
 * meanStep(prior, 0, 14) // 4.78 for lambdaP = 0.2
 */
export function meanStep(p: Float64Array, offset: number, N: number): number {
  let m = 0;
  for (let n = 1; n <= N; n++) m += n * p[offset + n - 1];
  return m;
}

/**
 * Variance of the step of a distribution over 1..N stored at `p[offset ..]`.
 *
 * @example
 * Math.sqrt(varianceStep(p, 0, N) / halts) // standard error of the mean step
 */
export function varianceStep(p: Float64Array, offset: number, N: number): number {
  const m = meanStep(p, offset, N);
  let v = 0;
  for (let n = 1; n <= N; n++) v += (n - m) * (n - m) * p[offset + n - 1];
  return v;
}
