// /quote: a configured provider's newest daily close (read through the loopback Polygon server, not stored), else the
// newest stored bar with its date and age; a provider that fails is said, and the store answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.ts';
import { startPolygonFake, type PolygonFake } from '../fakes/polygon-server.ts';
import { startAlpacaDataFake } from '../fakes/alpaca-data-server.ts';
import { syntheticBars } from '../fakes/synthetic-market.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const clock = new ManualClock(Date.parse('2024-03-06T20:00:00Z')); // a Wednesday, after the close
let offline: TestApp;
let withPolygon: TestApp;
let polygon: PolygonFake;

async function say(app: TestApp, text: string): Promise<string> {
  const r = await app.agent.handle({ platform: 'console', chatId: 'quote', userId: 'local', text });
  return r.replies.map((x) => x.text).join('\n');
}

beforeAll(async () => {
  polygon = await startPolygonFake();
  offline = await createTestApp({}, { clock });
  withPolygon = await createTestApp({ POLYGON_API_KEY: polygon.apiKey, POLYGON_BASE_URL: polygon.url, POLYGON_REQUESTS_PER_MINUTE: '1000' }, { clock });
}, 60_000);
afterAll(async () => {
  await offline?.close();
  await withPolygon?.close();
  await polygon?.close();
});

describe('/quote', () => {
  it('without a provider: the newest stored bar, dated, with its age and how to get fresh prices', async () => {
    const text = await say(offline, '/quote SPX');
    expect(text).toMatch(/^SPX 2,874\.56: the close of 2020-04-17 \(1d\), the newest bar in the store\.\nData age: the newest SPX bar is 2020-04-17, 3\.9 years old/);
    expect(await say(offline, '/quote ORCL')).toMatch(/^There is no data for Oracle \(ORCL\)/);
  });

  it("with Polygon: the provider's newest close, named, not written to the store", async () => {
    const last = syntheticBars('AAPL', '2024-02-26', '2024-03-06').at(-1)!;
    expect(last.date).toBe('2024-03-06');
    const before = await withPolygon.bars.summary();
    const text = await say(withPolygon, '/quote AAPL');
    const shown = last.close.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(text).toBe(`AAPL ${shown}: the close of 2024-03-06 from Polygon (not stored; /pull polygon AAPL stores it).`);
    expect(await withPolygon.bars.summary()).toEqual(before);
  });

  it("with Alpaca market data: Alpaca's newest daily close, named, through the SDK", async () => {
    const alpaca = await startAlpacaDataFake();
    const app = await createTestApp({ APCA_API_KEY_ID: alpaca.keyId, APCA_API_SECRET_KEY: alpaca.secretKey, APCA_API_DATA_URL: alpaca.url, APCA_API_BASE_URL: alpaca.url }, { clock });
    try {
      const last = alpaca.bars('MSFT', '2024-02-26', '2024-03-06').at(-1)!;
      expect(last.t.slice(0, 10)).toBe('2024-03-06');
      const shown = Number(last.c).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(await say(app, '/quote MSFT')).toBe(`MSFT ${shown}: the close of 2024-03-06 from Alpaca (not stored; /pull alpaca MSFT stores it).`);
      expect(alpaca.requests.find((r) => r.path.startsWith('/v2/stocks'))?.path).toBe('/v2/stocks/bars');
    } finally {
      await app.close();
      await alpaca.close();
    }
  });

  it('says when the provider fails and answers from the store', async () => {
    // a key Polygon refuses (401): no retry helps, so the answer comes at once
    const refused = await createTestApp({ POLYGON_API_KEY: 'not-the-key-0123456789', POLYGON_BASE_URL: polygon.url, POLYGON_REQUESTS_PER_MINUTE: '1000' }, { clock });
    try {
      const text = await say(refused, '/quote SPX');
      expect(text).toMatch(/^The providers gave no quote \(polygon: .*\), so this is the store's\.\nSPX 2,874\.56: the close of 2020-04-17 \(1d\)/);
      expect(text).not.toContain('not-the-key');
    } finally {
      await refused.close();
    }
  });
});
