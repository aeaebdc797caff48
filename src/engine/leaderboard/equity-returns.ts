// The close-to-close returns of an equity curve, r[k] = E[k+1]/E[k] - 1: what Sharpe ratios and their statistics read.

export function equityReturns(equity: Float64Array): Float64Array {
  const r = new Float64Array(Math.max(0, equity.length - 1));
  for (let k = 1; k < equity.length; k++) r[k - 1] = equity[k]! / equity[k - 1]! - 1;
  return r;
}
