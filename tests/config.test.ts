import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact } from '../src/config.ts';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.home.endsWith('.mltrainer')).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(8080);
    expect(c.reports).toEqual({ timeZone: 'America/New_York', time: '17:00' });
    expect(c.telegram).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.alpaca).toBeUndefined();
    expect(c.allowedUsers).toEqual([]);
    expect(c.secretValues).toEqual([]);
  });

  it('refuses a bad value with one line naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'eighty' }, 'PORT:'],
      [{ PORT: '70000' }, 'PORT:'],
      [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL:'],
      [{ TELEGRAM_BOT_TOKEN: 'not a token' }, 'TELEGRAM_BOT_TOKEN:'],
      [{ TELEGRAM_API_ROOT: 'ftp://x' }, 'TELEGRAM_API_ROOT:'],
      [{ TZ_REPORTS: 'Mars/Olympus' }, 'TZ_REPORTS:'],
      [{ MLTRAINER_REPORT_TIME: '25:00' }, 'MLTRAINER_REPORT_TIME:'],
      [{ MLTRAINER_ALLOWED_USERS: 'bob' }, 'MLTRAINER_ALLOWED_USERS:'],
      [{ MLTRAINER_LIVE_TRADING: 'maybe' }, 'MLTRAINER_LIVE_TRADING:'],
      [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET:'],
      [{ APCA_API_KEY_ID: 'PKTEST' }, 'APCA_API_SECRET_KEY:'],
      [{ MLTRAINER_COMMISSION_BPS: '-1' }, 'MLTRAINER_COMMISSION_BPS:'],
      [{ MLTRAINER_SLIPPAGE_BPS: 'lots' }, 'MLTRAINER_SLIPPAGE_BPS:'],
      [{ MLTRAINER_STARTING_CASH: '0' }, 'MLTRAINER_STARTING_CASH:'],
      [{ MLTRAINER_MAX_SYMBOL_WEIGHT: '25' }, 'MLTRAINER_MAX_SYMBOL_WEIGHT:'],
      [{ MLTRAINER_MAX_GROSS_EXPOSURE: '0' }, 'MLTRAINER_MAX_GROSS_EXPOSURE:'],
      [{ MLTRAINER_MAX_POSITIONS: '2.5' }, 'MLTRAINER_MAX_POSITIONS:'],
      [{ MLTRAINER_DAILY_LOSS_LIMIT: '0.9' }, 'MLTRAINER_DAILY_LOSS_LIMIT:'],
      [{ MLTRAINER_SYMBOLS: 'SPX,$$$' }, 'MLTRAINER_SYMBOLS:'],
      [{ REDIS_URL: 'http://127.0.0.1:6379', DATABASE_URL: 'postgres://u@h/db' }, 'REDIS_URL:'],
      [{ REDIS_URL: 'not a url', DATABASE_URL: 'postgres://u@h/db' }, 'REDIS_URL:'],
    ];
    for (const [env, prefix] of cases) {
      const message = refusal(env);
      expect(message.startsWith(prefix), `${JSON.stringify(env)} -> ${message}`).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('reads the simulated broker\'s costs and the risk limits\' starting values', () => {
    expect(loadConfig({}).trading).toEqual({ startingCash: undefined, commissionRate: undefined, slippage: undefined, rankingCostBps: 5, allowLimitOverride: false, risk: {} });
    const c = loadConfig({
      MLTRAINER_STARTING_CASH: '50000',
      MLTRAINER_COMMISSION_BPS: '5',
      MLTRAINER_SLIPPAGE_BPS: '2.5',
      MLTRAINER_MAX_SYMBOL_WEIGHT: '0.1',
      MLTRAINER_MAX_GROSS_EXPOSURE: '1.5',
      MLTRAINER_MAX_POSITIONS: '4',
      MLTRAINER_DAILY_LOSS_LIMIT: '0.02',
      MLTRAINER_SYMBOLS: 'spx, aapl',
      MLTRAINER_ALLOW_LIMIT_OVERRIDE: 'yes',
    });
    expect(c.trading).toEqual({
      startingCash: 50000,
      commissionRate: 0.0005,
      slippage: 0.00025,
      rankingCostBps: 7.5,
      allowLimitOverride: true,
      risk: { maxSymbolWeight: 0.1, maxGrossExposure: 1.5, maxOpenPositions: 4, dailyLossLimit: 0.02, allowlist: ['SPX', 'AAPL'] },
    });
  });

  it('refuses an override setting that is not yes or no, naming it', () => {
    expect(refusal({ MLTRAINER_ALLOW_LIMIT_OVERRIDE: 'sure' })).toMatch(/^MLTRAINER_ALLOW_LIMIT_OVERRIDE: /);
  });

  it('refuses a live Alpaca endpoint unless MLTRAINER_LIVE_TRADING=yes, and accepts paper and loopback', () => {
    const keys = { APCA_API_KEY_ID: 'PKTESTKEY', APCA_API_SECRET_KEY: 'secretsecret' };
    expect(refusal({ ...keys, APCA_API_BASE_URL: 'https://api.alpaca.markets' })).toMatch(/^APCA_API_BASE_URL: .*MLTRAINER_LIVE_TRADING=yes/);
    expect(loadConfig({ ...keys, APCA_API_BASE_URL: 'https://api.alpaca.markets', MLTRAINER_LIVE_TRADING: 'yes' }).alpaca?.live).toBe(true);
    expect(loadConfig(keys).alpaca?.baseUrl).toBe('https://paper-api.alpaca.markets');
    expect(loadConfig({ ...keys, APCA_API_BASE_URL: 'http://127.0.0.1:9999' }).alpaca?.live).toBe(false);
  });

  it('parses the allowlist and the platforms', () => {
    const c = loadConfig({
      MLTRAINER_ALLOWED_USERS: 'telegram:42, slack:U123',
      TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi',
      SLACK_BOT_TOKEN: 'xoxb-abc',
      SLACK_SIGNING_SECRET: 'signsecret',
      PORT: '0',
    });
    expect(c.allowedUsers).toEqual(['telegram:42', 'slack:U123']);
    expect(c.telegram?.apiRoot).toBe('https://api.telegram.org');
    expect(c.slack?.apiUrl).toBe('https://slack.com/api/');
    expect(c.port).toBe(0);
  });

  it('collects every secret, including a database password, for redaction', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p4ssw0rd@db.example:5432/x',
      TELEGRAM_BOT_TOKEN: '123456:SECRETTOKEN',
      FRED_API_KEY: 'fredkey123',
      ANTHROPIC_API_KEY: 'sk-ant-xyz',
    });
    expect(c.secretValues).toEqual(expect.arrayContaining(['p4ssw0rd', '123456:SECRETTOKEN', 'fredkey123', 'sk-ant-xyz']));
    expect(redact('url bot123456:SECRETTOKEN/getMe key=fredkey123', c.secretValues)).toBe('url bot[redacted]/getMe key=[redacted]');
  });
});

describe('REDIS_URL', () => {
  it('is read with DATABASE_URL, its password kept for redaction', () => {
    const c = loadConfig({ REDIS_URL: 'redis://:r3dispass@cache.example:6380/2', DATABASE_URL: 'postgres://u@db.example/x' });
    expect(c.redisUrl).toBe('redis://:r3dispass@cache.example:6380/2');
    expect(redact('connect redis://:r3dispass@cache.example:6380/2 failed (r3dispass)', c.secretValues)).toBe('connect [redacted] failed ([redacted])');
    expect(loadConfig({}).redisUrl).toBeUndefined();
  });

  it('is refused without DATABASE_URL, in one line saying why', () => {
    const message = refusal({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(message).toBe('REDIS_URL: needs DATABASE_URL as well (a PostgreSQL server every process shares; the embedded database serves one process)');
  });
});

describe('the ranking cost', () => {
  it('is 5 bps by default, MLTRAINER_COST_BPS when set, and the broker costs when configured', () => {
    expect(loadConfig({}).trading.rankingCostBps).toBe(5);
    expect(loadConfig({ MLTRAINER_COST_BPS: '12' }).trading.rankingCostBps).toBe(12);
    expect(loadConfig({ MLTRAINER_COST_BPS: '12', MLTRAINER_COMMISSION_BPS: '1', MLTRAINER_SLIPPAGE_BPS: '2' }).trading.rankingCostBps).toBe(3);
    expect(loadConfig({ MLTRAINER_COMMISSION_BPS: '0' }).trading.rankingCostBps).toBe(0);
    expect(() => loadConfig({ MLTRAINER_COST_BPS: '-1' })).toThrow(/MLTRAINER_COST_BPS/);
  });
});
