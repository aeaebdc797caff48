// A replay never holds a symbol on prices that do not exist: when its data ends, or stops for more than five sessions,
// its position is closed at its last real close and it holds no weight until it has bars again.
import { describe, expect, it } from 'vitest';
import { windowFromDates } from '../../../src/engine/backtest/window.ts';
import { buildReplayJson } from '../../../src/engine/autopilot/replay-json.ts';
import { MAX_GAP_SESSIONS, runReplay } from '../../../src/engine/autopilot/run-replay.ts';
import { headBars } from '../../../src/registry/head-bars.ts';
import type { BarSeries } from '../../../src/registry/model.ts';
import { loadSpx } from '../../fixtures/spx.ts';

const spx = loadSpx();

/** SPX's bars with the ones in [fromIndex, toIndex] removed. */
function withoutBars(bars: BarSeries, fromIndex: number, toIndex: number): BarSeries {
  const keep = (a: Float64Array) => Float64Array.from([...a.subarray(0, fromIndex), ...a.subarray(toIndex + 1)]);
  return {
    length: bars.length - (toIndex - fromIndex + 1),
    time: keep(bars.time),
    open: keep(bars.open),
    high: keep(bars.high),
    low: keep(bars.low),
    close: keep(bars.close),
    volume: keep(bars.volume),
  };
}

describe('a replay over two symbols where one stops', () => {
  it('holds no weight after the last bar of a symbol whose data ends, closed at its last real close', () => {
    const cutAt = windowFromDates(spx, { to: '2018-06-29' }).toIndex;
    const cut = headBars(spx, cutAt + 1);
    const result = runReplay({ from: '2018-01-02', to: '2018-12-31', bars: new Map([['SPX', spx], ['CUT', cut]]), costBps: 5 });
    const doc = buildReplayJson(result);
    expect(doc.stopped).toEqual([{ symbol: 'CUT', lastBar: '2018-06-29', closedOn: '2018-07-02', reason: 'data ends' }]);
    for (const p of doc.equity) if (p.date > '2018-06-29') expect(p.weights.CUT).toBe(0);
    // It did hold something before the end, and the closing fill is at the last real close, leaving nothing.
    const fills = result.fills.filter((f) => f.symbol === 'CUT');
    expect(fills.some((f) => f.date < '2018-06-29')).toBe(true);
    const closing = fills.at(-1)!;
    expect(closing).toMatchObject({ date: '2018-07-02', price: cut.close[cutAt] });
    expect(Math.abs(fills.reduce((q, f) => q + f.shares, 0))).toBeLessThan(1e-9);
    // The same-exposure benchmark closes it on the same day.
    expect(doc.exposureBenchmark.description).toMatch(/^SPX, CUT equal-weighted at the autopilot's average gross exposure/);
  });

  it('holds a position through a short gap, and closes it after more than five missed sessions', () => {
    const gapFrom = windowFromDates(spx, { from: '2018-03-01' }).fromIndex;
    const short = withoutBars(spx, gapFrom, gapFrom + MAX_GAP_SESSIONS - 1);
    const long = withoutBars(spx, gapFrom, gapFrom + 9);
    const held = runReplay({ from: '2018-01-02', to: '2018-06-29', bars: new Map([['SPX', spx], ['GAP', short]]) });
    expect(held.stopped).toEqual([]);
    const closed = runReplay({ from: '2018-01-02', to: '2018-06-29', bars: new Map([['SPX', spx], ['GAP', long]]) });
    const sixthMissed = spx.time[gapFrom + MAX_GAP_SESSIONS]!;
    expect(closed.stopped).toEqual([
      { symbol: 'GAP', lastBar: '2018-02-28', closedOn: new Date(sixthMissed).toISOString().slice(0, 10), reason: 'gap' },
    ]);
    // Back to trading once its bars resume.
    const resumed = closed.weights.get('GAP')!.subarray(closed.dates.indexOf('2018-03-20'));
    expect(resumed.some((w) => w !== 0)).toBe(true);
  });
});
