// Wilder's directional movement: +DI, -DI and ADX (TA-Lib convention: DI from t = n, ADX from t = 2n-1).
import { smoothingStep } from './exponential-smoothing.ts';
import { wilderAlpha } from './wilder-average.ts';

export interface Directional {
  readonly plusDI: Float64Array;
  readonly minusDI: Float64Array;
  readonly adx: Float64Array;
}

/**
 * +DM/-DM and true range from t = 1, each Wilder-averaged (first: the mean of n values); +DI = 100 avg(+DM)/ATR (the
 * ratio of TA-Lib's Wilder sums, which are n times these averages). DX = 100 |+DI - -DI| / (+DI + -DI); ADX is DX's
 * Wilder average (first: mean of n DX). A non-finite bar restarts the warm-up.
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Directional {
  const n = close.length;
  const plusDI = new Float64Array(n).fill(NaN);
  const minusDI = new Float64Array(n).fill(NaN);
  const adxOut = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return { plusDI, minusDI, adx: adxOut };
  const alpha = wilderAlpha(period);
  const keep = 1 - alpha;
  let count = 0; // bars with a movement since the last restart
  let aTr = 0;
  let aPlus = 0;
  let aMinus = 0;
  let dxCount = 0;
  let dxSum = 0;
  let adxVal = 0;
  let havePrev = false;
  for (let t = 0; t < n; t++) {
    const h = high[t]!;
    const l = low[t]!;
    const c = close[t];
    if (!(Number.isFinite(h) && Number.isFinite(l) && Number.isFinite(c))) {
      havePrev = false;
      count = aTr = aPlus = aMinus = dxCount = dxSum = 0;
      continue;
    }
    if (!havePrev) {
      havePrev = true;
      continue;
    }
    const ph = high[t - 1]!;
    const pl = low[t - 1]!;
    const pc = close[t - 1]!;
    const up = h - ph;
    const down = pl - l;
    const pdm = up > down && up > 0 ? up : 0;
    const mdm = down > up && down > 0 ? down : 0;
    let tr = h - l;
    const a = Math.abs(h - pc);
    const b = Math.abs(l - pc);
    if (a > tr) tr = a;
    if (b > tr) tr = b;
    count++;
    if (count < period) {
      aTr += tr;
      aPlus += pdm;
      aMinus += mdm;
      continue;
    }
    if (count === period) {
      aTr = (aTr + tr) / period;
      aPlus = (aPlus + pdm) / period;
      aMinus = (aMinus + mdm) / period;
    } else {
      aTr = smoothingStep(aTr, tr, alpha, keep);
      aPlus = smoothingStep(aPlus, pdm, alpha, keep);
      aMinus = smoothingStep(aMinus, mdm, alpha, keep);
    }
    const pdi = aTr > 0 ? (100 * aPlus) / aTr : 0;
    const mdi = aTr > 0 ? (100 * aMinus) / aTr : 0;
    plusDI[t] = pdi;
    minusDI[t] = mdi;
    const diSum = pdi + mdi;
    const dx = diSum > 0 ? (100 * Math.abs(pdi - mdi)) / diSum : 0;
    dxCount++;
    if (dxCount < period) {
      dxSum += dx;
      continue;
    }
    adxVal = dxCount === period ? (dxSum + dx) / period : smoothingStep(adxVal, dx, alpha, keep);
    adxOut[t] = adxVal;
  }
  return { plusDI, minusDI, adx: adxOut };
}
