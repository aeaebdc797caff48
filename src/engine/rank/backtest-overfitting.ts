// The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein, Lopez de Prado
// and Zhu 2015), with the Sharpe ratio as the performance measure: split the bars into S blocks; for every choice of
// S/2 blocks as the in-sample set, take the strategy best in sample and see where it ranks out of sample (the other
// S/2 blocks). PBO is the share of choices where the in-sample winner ranks in the worse half out of sample.

export interface OverfittingResult {
  /** Share of the combinations whose logit is at most 0; NaN with fewer than 2 strategies. */
  pbo: number;
  combinations: number;
  /** logit(omega) per combination, omega the winner's relative out-of-sample rank in (0, 1). */
  logits: Float64Array;
}

/**
 * `returns`: one series per strategy, all of the same length T. The first T mod S returns are left out so every block
 * has the same length. Ties in sample go to the lower index; out of sample the winner's rank counts strategies strictly
 * worse plus half of the others tied with it. A strategy whose returns do not vary has Sharpe 0.
 */
export function probabilityOfOverfitting(returns: readonly Float64Array[], opts: { blocks?: number } = {}): OverfittingResult {
  const nStrategies = returns.length;
  const S = opts.blocks ?? 16;
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0) throw new Error(`probabilityOfOverfitting: blocks must be an even number of at least 2, got ${S}`);
  if (nStrategies < 2) return { pbo: Number.NaN, combinations: 0, logits: new Float64Array(0) };
  const T = returns[0]!.length;
  const blockLen = Math.floor(T / S);
  if (blockLen < 2) return { pbo: Number.NaN, combinations: 0, logits: new Float64Array(0) };
  const skip = T - blockLen * S;
  // Per strategy and block: the sum and the sum of squares of its returns.
  const sum = new Float64Array(nStrategies * S);
  const sq = new Float64Array(nStrategies * S);
  for (let i = 0; i < nStrategies; i++) {
    const r = returns[i]!;
    if (r.length !== T) throw new Error('probabilityOfOverfitting: every strategy needs the same number of returns');
    for (let b = 0; b < S; b++) {
      let a = 0;
      let q = 0;
      for (let k = skip + b * blockLen, end = k + blockLen; k < end; k++) {
        a += r[k]!;
        q += r[k]! * r[k]!;
      }
      sum[i * S + b] = a;
      sq[i * S + b] = q;
    }
  }
  const half = S / 2;
  const m = half * blockLen;
  const sharpe = (a: number, q: number) => {
    const mean = a / m;
    const variance = (q - m * mean * mean) / (m - 1);
    return variance > 1e-300 ? mean / Math.sqrt(variance) : 0;
  };
  const logits: number[] = [];
  const inSample = new Int32Array(half);
  const isIn = new Uint8Array(S);
  const oos = new Float64Array(nStrategies);
  // Every subset of `half` blocks in lexicographic order.
  for (let j = 0; j < half; j++) inSample[j] = j;
  for (;;) {
    isIn.fill(0);
    for (let j = 0; j < half; j++) isIn[inSample[j]!] = 1;
    let best = 0;
    let bestSharpe = -Infinity;
    for (let i = 0; i < nStrategies; i++) {
      let ai = 0;
      let qi = 0;
      let ao = 0;
      let qo = 0;
      for (let b = 0; b < S; b++) {
        if (isIn[b]) {
          ai += sum[i * S + b]!;
          qi += sq[i * S + b]!;
        } else {
          ao += sum[i * S + b]!;
          qo += sq[i * S + b]!;
        }
      }
      const s = sharpe(ai, qi);
      if (s > bestSharpe) {
        bestSharpe = s;
        best = i;
      }
      oos[i] = sharpe(ao, qo);
    }
    let worse = 0;
    let tied = 0;
    for (let i = 0; i < nStrategies; i++) {
      if (i === best) continue;
      if (oos[i]! < oos[best]!) worse++;
      else if (oos[i] === oos[best]) tied++;
    }
    // Relative rank in (0, 1): (position among N, 1 = worst) / (N + 1).
    const omega = (worse + tied / 2 + 1) / (nStrategies + 1);
    logits.push(Math.log(omega / (1 - omega)));
    // Next combination.
    let j = half - 1;
    while (j >= 0 && inSample[j] === S - half + j) j--;
    if (j < 0) break;
    inSample[j]!++;
    for (let k = j + 1; k < half; k++) inSample[k] = inSample[k - 1]! + 1;
  }
  const l = Float64Array.from(logits);
  let overfit = 0;
  for (const x of l) if (x <= 0) overfit++;
  return { pbo: overfit / l.length, combinations: l.length, logits: l };
}
