// Strict comparisons of simple moving averages, with ties decided as exact arithmetic decides them.
//
// Why a tolerance and not bit equality: the contract's rules are strict (`SMA5 > SMA20` is 0 on a tie), and exact ties
// of SMAs are real: prices are decimals, so two windows can have the same mean to the cent (a flat week, or the
// audit's 2013-09-06 day where SMA5 = SMA20). But doubles only approximate decimals (half an ulp each) and every sum
// rounds, so the same real mean reached through two different windows lands a few ulps apart (that day: 6.5e-15,
// about an ulp of the price, from a drifting running sum). A difference that small is noise, never information: the
// smallest real gap between two averages of prices quoted to 6 decimals is 1e-6 / 200 = 5e-9 (windows up to 200
// bars), over a hundred times the tolerance here for prices below 10,000 and above it below 1.4 million. So "a > b"
// reads "a exceeds b by more than SMA_TIE_ULPS ulps of the values' scale", and anything closer is a tie. SMAs come
// from an error-free running sum (sma.ts), within 1 ulp of their window's exact mean, so two tied SMAs sit within
// about 4 ulps of each other; 16 leaves a margin.
//
// Applied wherever a rule compares an SMA, or a spread around one, strictly: sma-cross, price-above-sma,
// trend-regime, growth-trend-timing, Bollinger reversion, the z-score and CCI (a flat window is 0), and the
// unemployment rate against its trailing mean. Not to EMAs: an EMA never ties exactly unless its whole history is
// flat; after a move into a flat market the fast EMA stays above (or below) the slow one in exact arithmetic, and a
// plain `>` keeps that order (the fast EMA stalls nearer the price), where a tolerance would call it a tie and flip it.
/** One ulp of a value in [1, 2). */
const ULP_OF_ONE = 2 ** -52;

/** Tolerance, in ulps of the compared values, for comparisons involving simple moving averages. */
export const SMA_TIE_ULPS = 16;

/**
 * True when `a` exceeds `b` by more than `ulps` ulps of the larger magnitude of the two; false on a tie and whenever
 * either is NaN.
 */
export function exceeds(a: number, b: number, ulps: number): boolean {
  return a - b > ulps * ULP_OF_ONE * Math.max(Math.abs(a), Math.abs(b));
}

/** True when |v| is within `ulps` ulps of `scale`: a spread or deviation that is rounding noise, not a value. */
export function negligible(v: number, ulps: number, scale: number): boolean {
  return Math.abs(v) <= ulps * ULP_OF_ONE * Math.abs(scale);
}
