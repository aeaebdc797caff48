// Seeded pseudo-random numbers, so trainable models (weight initialisation, bootstrap samples) give the same numbers
// for the same seed on every run.

/** mulberry32: a small, fast 32-bit generator with a full 2^32 period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed derived from a base seed and a bar index, so each walk-forward fit has its own stream that does
 * not depend on how many numbers earlier fits drew (cutting the series can never shift a later fit's stream).
 */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Runs `fn` with `Math.random` replaced by a seeded generator and restores it afterwards, even on a throw.
 * For libraries that draw from `Math.random` and offer no seed (brain.js weight initialisation, ml-regression's
 * robust polynomial). Synchronous only: nothing else can run on this thread while `fn` holds the replacement.
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
