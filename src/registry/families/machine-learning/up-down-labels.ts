// Next-bar direction labels for the classifiers: 1 when the next bar's return is positive, else 0.

/** Labels for a fit, or undefined when only one class occurs (no classifier can learn a direction from that). */
export function upDownLabels(nextReturns: readonly number[]): number[] | undefined {
  const labels = nextReturns.map((r) => (r > 0 ? 1 : 0));
  let ups = 0;
  for (const l of labels) ups += l;
  return ups === 0 || ups === labels.length ? undefined : labels;
}

export const classifierOutputNote =
  'Output: a long/flat position, 1 when the predicted class for the next bar is up, else 0 (flat before the first fit).';
