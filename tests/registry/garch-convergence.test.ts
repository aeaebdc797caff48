// The GARCH family's optimiser runs to its stated tolerance, and says so when a fit stops short (issue 12).
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/registry/catalog.ts';
import { fitGarch, GARCH_MAX_EVALS, GARCH_TOLERANCE } from '../../src/registry/families/volatility/garch-fit.ts';
import { garchRun, unconvergedNotes } from '../../src/registry/families/volatility/garch.ts';
import { nelderMead, nelderMeadWithRestarts } from '../../src/registry/families/volatility/nelder-mead.ts';
import { logReturns } from '../../src/registry/indicators/log-returns.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

const spx = loadSpx();
// 2000-2008: eight yearly refits on an expanding window, through the 2008 crash
const bars = sliceBars(spx, 0, 2260);
const iso = (t: number) => new Date(bars.time[t]!).toISOString().slice(0, 10);

describe('Nelder-Mead with restarts', () => {
  const rosenbrock = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

  it('reaches the minimum to its tolerance and says it converged', () => {
    const r = nelderMeadWithRestarts(rosenbrock, Float64Array.of(-1.2, 1), { tolerance: 1e-14, maxEvals: 5000 });
    expect(r.converged).toBe(true);
    expect(r.value).toBeLessThan(1e-10);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('says it did not converge when the budget runs out', () => {
    const single = nelderMead(rosenbrock, Float64Array.of(-1.2, 1), { tolerance: 1e-14, maxEvals: 40 });
    expect(single.converged).toBe(false);
    const restarted = nelderMeadWithRestarts(rosenbrock, Float64Array.of(-1.2, 1), { tolerance: 1e-14, maxEvals: 40 });
    expect(restarted.converged).toBe(false);
    expect(restarted.evals).toBeLessThanOrEqual(43); // the budget, plus at most the first simplex's d + 1 points
  });
});

describe('GARCH fits on SPX 2000-2008', () => {
  const r = logReturns(bars.close);

  for (const asymmetric of [false, true]) {
    const label = asymmetric ? 'GJR-GARCH' : 'GARCH';

    it(`${label}: every yearly fit converges, and its forecasts agree with fits run 100x tighter`, () => {
      const ours = garchRun(bars.close, asymmetric);
      expect(ours.fits.length).toBe(8);
      for (const fit of ours.fits) {
        expect(fit.converged).toBe(true);
        expect(fit.evaluations).toBeLessThan(GARCH_MAX_EVALS / 4);
      }
      const tight = garchRun(bars.close, asymmetric, { tolerance: GARCH_TOLERANCE / 100, maxEvals: 50_000 });
      let worst = 0;
      for (let t = 252; t < bars.length; t++) worst = Math.max(worst, Math.abs(ours.values[t]! / tight.values[t]! - 1));
      expect(worst).toBeLessThan(2e-5);
    });

    it(`${label}: a fit at the maximum, where a nudge along any parameter lowers the likelihood`, () => {
      const fit = fitGarch(r, 1, 1764, asymmetric)!;
      expect(fit.converged).toBe(true);
      const again = fitGarch(r, 1, 1764, asymmetric, fit, { tolerance: 1e-12, maxEvals: 50_000 })!;
      // restarting from the answer finds no better likelihood beyond the stated tolerance
      expect(again.logLikelihood - fit.logLikelihood).toBeLessThan(10 * GARCH_TOLERANCE);
    });
  }

  it('a fit that runs out of evaluations is marked, and the model names it with its dates', () => {
    const starved = garchRun(bars.close, true, { maxEvals: 60 });
    const stopped = starved.fits.filter((f) => !f.converged);
    expect(stopped.length).toBeGreaterThan(0);
    const notes = unconvergedNotes('GJR-GARCH(1,1)', starved, bars.time);
    expect(notes.length).toBe(stopped.length);
    const first = stopped[0]!;
    expect(notes[0]!.from).toBe(bars.time[first.index]);
    expect(notes[0]!.text).toContain(`GJR-GARCH(1,1) fit of ${iso(first.index)} stopped after ${first.evaluations} evaluations`);
    expect(notes[0]!.text).toContain(String(GARCH_TOLERANCE));
    for (const note of notes) expect(note.to).toBeGreaterThanOrEqual(note.from);
  });

  it('the registry models expose runWithNotes: the same values as run, no notes when every fit converged', () => {
    for (const id of ['garch-1-1', 'gjr-garch-1-1']) {
      const m = getModel(id)!;
      expect(m.params.tolerance).toBe(GARCH_TOLERANCE);
      expect(m.description).toContain(`known to ${GARCH_TOLERANCE}`);
      const withNotes = m.runWithNotes!({ bars });
      expect(withNotes.notes).toEqual([]);
      expect(Array.from(withNotes.values)).toEqual(Array.from(m.run({ bars })));
    }
  });
});
