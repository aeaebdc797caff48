// Rejects economic observations that cannot be right (a date twice, dates going back, a non-finite value).
import type { Observation } from '../bar.ts';

export interface RejectedObservation {
  index: number;
  date: string;
  reason: string;
}

/** Splits observations into those fit to store and those rejected; a null value (missing) is fit to store. */
export function validateObservations(rows: readonly Observation[]): { valid: Observation[]; rejected: RejectedObservation[] } {
  const valid: Observation[] = [];
  const rejected: RejectedObservation[] = [];
  let lastDate = '';
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i]!;
    let reason: string | null = null;
    if (o.value !== null && !Number.isFinite(o.value)) reason = 'value is not a finite number';
    else if (o.date === lastDate) reason = 'duplicate date';
    else if (o.date < lastDate) reason = 'date goes back in time';
    if (reason) {
      rejected.push({ index: i, date: o.date, reason });
      continue;
    }
    valid.push(o);
    lastDate = o.date;
  }
  return { valid, rejected };
}
