// `mltrainer data pull` end to end: the CLI as a child process, the providers as loopback servers.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlpacaDataFake, type AlpacaDataFake } from '../fakes/alpaca-data-server.ts';
import { startFredFake, type FredFake } from '../fakes/fred-server.ts';
import { startPolygonFake, type PolygonFake } from '../fakes/polygon-server.ts';
import { runCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let polygon: PolygonFake;
let fred: FredFake;
let alpaca: AlpacaDataFake;

beforeAll(async () => {
  home = await seededHome('mlt-pull-');
  scratch = await createScratchDatabase();
  polygon = await startPolygonFake({ pageSize: 40 });
  fred = await startFredFake({ lastDate: '2024-06-28' });
  alpaca = await startAlpacaDataFake({ pageSize: 50 });
  env = {
    MLTRAINER_HOME: home,
    DATABASE_URL: scratch.url,
    PORT: '0',
    POLYGON_API_KEY: polygon.apiKey,
    POLYGON_BASE_URL: polygon.url,
    FRED_API_KEY: fred.apiKey,
    FRED_BASE_URL: fred.url,
    APCA_API_KEY_ID: alpaca.keyId,
    APCA_API_SECRET_KEY: alpaca.secretKey,
    APCA_API_DATA_URL: alpaca.url,
    APCA_API_BASE_URL: alpaca.url,
  };
});
afterAll(async () => {
  await Promise.all([polygon.close(), fred.close(), alpaca.close()]);
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('mltrainer data pull', () => {
  it('stores every Polygon bar of every page exactly once, and a second pull writes nothing', async () => {
    const expected = polygon.aggregates('AAPL', '2024-01-01', '2024-06-30');
    const first = await runCli(['data', 'pull', '--source', 'polygon', '--symbol', 'AAPL', '--from', '2024-01-01', '--to', '2024-06-30', '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const r = JSON.parse(first.stdout) as { fetched: number; inserted: number; rejected: unknown[] };
    expect(r.fetched).toBe(expected.length);
    expect(r.inserted).toBe(expected.length);
    expect(r.rejected).toEqual([]);
    expect(polygon.requests.filter((q) => q.status === 200).length).toBe(Math.ceil(expected.length / 40));
    for (const q of polygon.requests) expect(q.query.apiKey).toBe(polygon.apiKey);

    const again = await runCli(['data', 'pull', '--source', 'polygon', '--symbol', 'AAPL', '--from', '2024-01-01', '--to', '2024-06-30', '--json'], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: expected.length });
  });

  it('stores a FRED series with its gaps kept as missing', async () => {
    const expected = fred.observations('DGS10', '2024-01-01', '2024-06-28');
    const gaps = expected.filter((o) => o.value === '.').length;
    expect(gaps).toBeGreaterThan(0);
    const r = await runCli(['data', 'pull', '--source', 'fred', '--series', 'DGS10', '--from', '2024-01-01'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`DGS10 (`);
    expect(r.stdout).toContain(`${expected.length} observations`);
    expect(r.stdout).toContain(`${gaps} missing`);
  });

  it('pulls Alpaca bars through the SDK, then lists bars and series together', async () => {
    const r = await runCli(['data', 'pull', '--source', 'alpaca', '--symbol', 'MSFT', '--from', '2024-03-01', '--to', '2024-05-31', '--json'], { env });
    expect(r.stderr).toBe('');
    const expected = alpaca.bars('MSFT', '2024-03-01', '2024-05-31');
    expect(JSON.parse(r.stdout)).toMatchObject({ fetched: expected.length, inserted: expected.length });

    const list = await runCli(['data', 'list', '--json'], { env });
    const doc = JSON.parse(list.stdout) as { bars: { symbol: string; source: string; count: number; first: string; last: string }[]; series: { id: string; count: number; missing: number }[] };
    const aapl = polygon.aggregates('AAPL', '2024-01-01', '2024-06-30');
    expect(doc.bars.find((b) => b.symbol === 'AAPL')).toMatchObject({ source: 'polygon', count: aapl.length, first: '2024-01-02' });
    expect(doc.bars.find((b) => b.symbol === 'MSFT' && b.source === 'alpaca')).toMatchObject({ count: expected.length });
    const dgs10 = fred.observations('DGS10', '2024-01-01', '2024-06-28');
    expect(doc.series.find((s) => s.id === 'DGS10')).toMatchObject({ count: dgs10.length, missing: dgs10.filter((o) => o.value === '.').length });
  });

  it('says which key is missing, in one line', async () => {
    const r = await runCli(['data', 'pull', '--source', 'polygon', '--symbol', 'AAPL'], { env: { MLTRAINER_HOME: home, DATABASE_URL: scratch.url } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('mltrainer: POLYGON_API_KEY is not set: Polygon needs a key');
  });
});
