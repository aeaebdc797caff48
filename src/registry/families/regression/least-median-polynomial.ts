// Least-median-of-squares polynomial fit (LMedS): ml-regression's RobustPolynomialRegression, with singular point
// tuples solved by pseudo-inverse instead of failing the whole fit.
//
// The library fits an exact polynomial through each of n/k random k-point tuples and keeps the one with the smallest
// median squared residual. A tuple with two equal inputs (two flat days: equal standardised returns) makes its
// k x k Vandermonde system singular, and the library's LU solve throws "LU matrix is singular", failing the fit (and
// the model, on any stock with flat stretches). Here such a tuple gets the pseudo-inverse (SVD, minimum-norm least
// squares) solution, a valid candidate like any other. Everything else is the library's algorithm step by step, with
// the same random draws, so on data without singular tuples the coefficients are bit-identical to the library's
// (a test checks it).
import { LuDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import quickselect from 'quickselect';

export interface LeastMedianFit {
  /** Coefficients of powers 0..degree. */
  readonly coefficients: Float64Array;
  /** How many tuples needed the pseudo-inverse. */
  readonly singularTuples: number;
}

/** The polynomial with these coefficients (powers 0..k-1) at x, evaluated as the library does. */
export function polynomialAt(coefficients: ArrayLike<number>, x: number): number {
  let y = 0;
  for (let k = 0; k < coefficients.length; k++) y += coefficients[k]! * x ** k;
  return y;
}

/**
 * The library's tuple draw: each point goes to a random tuple of `size`, or the next one with room; n / size tuples.
 * Draws from `rand` exactly as the library draws from Math.random.
 */
function randomTuples(n: number, size: number, rand: () => number): number[][] {
  const len = Math.floor(n / size);
  const tuples: number[][] = new Array(len);
  for (let i = 0; i < n; i++) {
    let pos = Math.floor(rand() * len);
    let counter = 0;
    while (counter < n) {
      const tuple = tuples[pos];
      if (!tuple) {
        tuples[pos] = [i];
        break;
      } else if (tuple.length < size) {
        tuple.push(i);
        break;
      } else {
        counter++;
        pos = (pos + 1) % len;
      }
    }
    if (counter === n) return tuples;
  }
  return tuples;
}

/** The exact fit through the tuple's points; the pseudo-inverse solution when the system is singular. */
function tupleCoefficients(x: readonly number[], y: readonly number[], tuple: readonly number[], size: number): { c: number[]; singular: boolean } {
  const rows: number[][] = [];
  const rhs: number[][] = [];
  for (const i of tuple) {
    const row = new Array<number>(size);
    for (let j = 0; j < size; j++) row[j] = x[i]! ** j;
    rows.push(row);
    rhs.push([y[i]!]);
  }
  const X = new Matrix(rows);
  const Y = new Matrix(rhs);
  const lu = new LuDecomposition(X);
  if (!lu.isSingular()) return { c: lu.solve(Y).to1DArray(), singular: false };
  return { c: new SingularValueDecomposition(X).solve(Y).to1DArray(), singular: true };
}

/**
 * Fits a polynomial of `degree` to (x, y) by least median of squares over random tuples drawn from `rand`; undefined
 * when there are fewer points than coefficients or no tuple gives finite coefficients.
 */
export function leastMedianPolynomial(
  x: readonly number[],
  y: readonly number[],
  degree: number,
  rand: () => number,
): LeastMedianFit | undefined {
  const size = degree + 1;
  const n = x.length;
  if (n < size || y.length !== n) return undefined;
  const tuples = randomTuples(n, size, rand);
  const squared = new Float64Array(n);
  let best: number[] | undefined;
  let bestMedian = Infinity;
  let singularTuples = 0;
  for (const tuple of tuples) {
    if (!tuple || tuple.length < size) continue;
    const { c, singular } = tupleCoefficients(x, y, tuple, size);
    if (singular) singularTuples++;
    if (!c.every(Number.isFinite)) continue;
    let undefinedResidual = false;
    for (let j = 0; j < n; j++) {
      const r = y[j]! - polynomialAt(c, x[j]!);
      squared[j] = r * r;
      if (Number.isNaN(squared[j]!)) undefinedResidual = true;
    }
    // the library's median: the lower middle value for an even count. Selecting it (Floyd-Rivest) finds the value a
    // full sort puts there, in linear time; a NaN (an overflowing polynomial) has no order, so the sort decides then.
    const middle = n % 2 === 0 ? n / 2 - 1 : (n - 1) / 2;
    if (undefinedResidual) squared.sort();
    else quickselect(squared as unknown as number[], middle);
    const median = squared[middle]!;
    if (best === undefined || median < bestMedian) {
      best = c;
      bestMedian = median;
    }
  }
  if (best === undefined) return undefined;
  return { coefficients: Float64Array.from(best), singularTuples };
}
