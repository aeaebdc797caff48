// The weekly summary inside the app, on real SPX bars stored as a symbol of its own that grows week by week: the
// autopilot's pool is evaluated again on the new bars, the leaderboard is snapshotted, and the next summary shows how
// it moved; the week's P&L is measured against buy-and-hold from the book's own equity marks.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import { buildLeaderboard } from '../../../src/engine/leaderboard/build-leaderboard.ts';
import { loadSpx, spxRows } from '../../fixtures/spx.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const spx = loadSpx();
const rows = spxRows;
const closeOf = (date: string) => spx.close[spx.time.indexOf(Date.parse(`${date}T00:00:00Z`))]!;

/** The chat's leaderboard of TST by Sharpe (one window, net of 5 bps): what the summary follows. */
async function chatBoard() {
  const doc = await buildLeaderboard(app.db.db, app.bars, { symbol: 'TST', costBps: 5, resamples: 1 });
  return doc.rows.filter((r) => r.sharpe !== null).map((r) => ({ modelId: r.model, rank: r.rank, value: r.sharpe! }));
}

let firstBoard: Awaited<ReturnType<typeof chatBoard>> = [];
const clock = new ManualClock(Date.parse('2019-12-27T22:00:00Z'));
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
  await app.autopilot!.setSymbols(['TST']);
  await app.bars.upsertBars('TST', '1d', 'csv', rows('2015-01-01', '2019-12-27'));
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the weekly summary', () => {
  it('the first one evaluates the pool on the stored bars and snapshots the leaderboard, with nothing to compare yet', async () => {
    const r = await app.reports!.buildWeekly('2019-12-27');
    expect(r.from).toBe('2019-12-21');
    expect(r.refreshed).toContain(`the autopilot's ${app.autopilot!.pool.length} pool models evaluated on the latest bars`);
    firstBoard = await chatBoard();
    const board = { rows: firstBoard.slice(0, 10) };
    expect(board.rows.length).toBeGreaterThan(3);
    const b = r.boards[0]!;
    expect(b.symbol).toBe('TST');
    expect(b.since).toBeNull();
    expect(b.rows.map((x) => [x.modelId, x.rank, x.value])).toEqual(board.rows.map((x) => [x.modelId, x.rank, x.value]));
    expect(r.text).toContain('first snapshot: no earlier week to compare');
    expect(r.text).toContain('No equity history in this week');
    expect(r.code).toContain(board.rows[0]!.modelId);
    expect(r.image).toBeNull();
  }, 120_000);

  it('a week later, on more bars, shows the week against buy-and-hold and how each model moved', async () => {
    // The book buys on the 2019-12-27 close and is marked; then the bars grow to 2020-04-17 and it is marked again.
    const order = await app.trader!.placeOrder({ symbol: 'TST', side: 'buy', qty: 5, type: 'market', decisionKey: 'weekly-test' });
    expect(order.fills[0]?.price).toBe(closeOf('2019-12-27'));
    await app.trader!.recordEquity();
    await app.bars.upsertBars('TST', '1d', 'csv', rows('2019-12-28', '2020-04-17'));
    clock.set(Date.parse('2020-04-17T22:00:00Z'));
    await app.trader!.recordEquity();

    // The week before, as the first summary snapshotted it (its outputs were measured on the shorter history).
    const previous = { rows: firstBoard };
    const r = await app.reports!.buildWeekly('2020-04-17');
    const now = { rows: await chatBoard() };
    const b = r.boards[0]!;
    expect(b.since).toBe('2019-12-27');
    // Ranks are the chat leaderboard's, before (the snapshot) and now.
    const before = new Map(previous.rows.map((x) => [x.modelId, x.rank]));
    for (const row of b.rows) {
      expect(row.rank).toBe(now.rows.find((x) => x.modelId === row.modelId)!.rank);
      expect(row.previousRank).toBe(before.get(row.modelId) ?? null);
      expect(row.move).toBe(row.previousRank === null ? null : row.previousRank - row.rank);
    }
    // The COVID crash reshuffles a board measured to the end of 2019.
    expect(b.rows.some((x) => x.move !== 0)).toBe(true);
    expect(r.text).toContain('Leaderboard by Sharpe on TST');
    expect(r.text).toContain('since 2019-12-27');
    if (b.riser) expect(r.text).toContain(`Biggest riser: ${b.riser.modelId}, #${b.riser.previousRank} to #${b.riser.rank}.`);

    // The week: from the last mark before it (2019-12-27) to the last mark in it, against holding TST the same dates.
    const start = 100000;
    const end = 100000 + 5 * (closeOf('2020-04-17') - closeOf('2019-12-27'));
    expect(r.startEquity).toBeCloseTo(start, 6);
    expect(r.endEquity).toBeCloseTo(end, 6);
    expect(r.changePct).toBeCloseTo(end / start - 1, 12);
    expect(r.benchmarkPct).toBeCloseTo(closeOf('2020-04-17') / closeOf('2019-12-27') - 1, 12);
    expect(r.trades).toBe(0);
    expect(r.text).toContain(`Week: ${((end / start - 1) * 100).toFixed(2)}%`);
    expect(r.image).toBeNull(); // the 13 weeks before 2020-04-17 hold one mark only
  }, 120_000);

  it('/report weekly answers in the chat with the same summary', async () => {
    const reply = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/report weekly' });
    expect(reply.intent?.name).toBe('report');
    const text = reply.replies.map((x) => x.text).join('\n');
    expect(text).toMatch(/^Weekly summary, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Leaderboard by Sharpe on TST');
    for (const x of reply.replies) if (x.image) expect(fs.existsSync(x.image)).toBe(true);
  }, 120_000);
});
