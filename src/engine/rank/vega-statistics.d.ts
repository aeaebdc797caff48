// Types for the two functions of vega-statistics (a dependency of vega) the ranking statistics use.
declare module 'vega-statistics' {
  /** The standard normal CDF at x (mean 0, sd 1 unless given). */
  export function cumulativeNormal(x: number, mean?: number, stdev?: number): number;
  /** The standard normal quantile (inverse CDF) at p. */
  export function quantileNormal(p: number, mean?: number, stdev?: number): number;
}
