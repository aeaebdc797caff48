// Reads and validates the environment (see the contract's table) once, at start. A bad value is refused with one
// line naming the variable; secrets are kept in the config but never printed: use `secretValues` to redact them.
import { parsePostgresUrl } from './postgres-url.ts';
import path from 'node:path';
import { z } from 'zod';
import { allowedUsers, boundedNumber, envRoles, optionalText, reportTime, roleEntries, symbolList, timeZone, url, type EnvRole } from './env-fields.ts';

export type { EnvRole };

const PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';

const envSchema = z.object({
  MLTRAINER_HOME: z.string().trim().min(1, 'must not be empty').default('./.mltrainer'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  // Redis for the queues (BullMQ jobs); ioredis reads the password and database number from the URL.
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => URL.canParse(v) && /^rediss?:$/.test(new URL(v).protocol) && new URL(v).hostname !== '', 'must be a redis:// or rediss:// URL, like redis://127.0.0.1:6379')
      .optional(),
  ),
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-DEF (the token BotFather gives)').optional(),
  ),
  TELEGRAM_API_ROOT: url('api.telegram.org').default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(url('bot.example.com/telegram').optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -').optional(),
  ),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url('slack.com/api/').default('https://slack.com/api/'),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText.pipe(url('api.anthropic.com').optional()),
  ANTHROPIC_MODEL: optionalText,
  APCA_API_KEY_ID: optionalText,
  APCA_API_SECRET_KEY: optionalText,
  APCA_API_BASE_URL: url('paper-api.alpaca.markets').default(PAPER_TRADING_URL),
  APCA_API_DATA_URL: url('data.alpaca.markets').default('https://data.alpaca.markets'),
  MLTRAINER_LIVE_TRADING: optionalText.pipe(z.enum(['yes', 'no']).optional()),
  MLTRAINER_ALLOW_LIMIT_OVERRIDE: optionalText.pipe(z.enum(['yes', 'no']).optional()),
  POLYGON_API_KEY: optionalText,
  POLYGON_BASE_URL: url('api.polygon.io').default('https://api.polygon.io'),
  // Polygon's free tier allows 5 requests a minute; a paid plan may raise it.
  POLYGON_REQUESTS_PER_MINUTE: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,5}$/, 'must be a whole number of requests per minute, like 5')
    .transform(Number)
    .default(5),
  FRED_API_KEY: optionalText,
  FRED_BASE_URL: url('api.stlouisfed.org').default('https://api.stlouisfed.org'),
  MLTRAINER_ALLOWED_USERS: allowedUsers.default([]),
  MLTRAINER_ROLES: roleEntries.default([]),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a port number 0-65535')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'must be a port number 0-65535')
    .default(8080),
  MLTRAINER_DASHBOARD_TOKEN: optionalText,
  TZ_REPORTS: timeZone.default('America/New_York'),
  MLTRAINER_REPORT_TIME: reportTime.default('17:00'),
  MLTRAINER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The simulated broker's money and costs, and the risk limits' starting values (/limits changes them later).
  MLTRAINER_STARTING_CASH: optionalText.pipe(boundedNumber(0, 1e12, '100000', true).optional()),
  MLTRAINER_COMMISSION_BPS: optionalText.pipe(boundedNumber(0, 1000, '5').optional()),
  MLTRAINER_SLIPPAGE_BPS: optionalText.pipe(boundedNumber(0, 1000, '2').optional()),
  MLTRAINER_MAX_SYMBOL_WEIGHT: optionalText.pipe(boundedNumber(0, 1, '0.25', true).optional()),
  MLTRAINER_MAX_GROSS_EXPOSURE: optionalText.pipe(boundedNumber(0, 4, '1', true).optional()),
  MLTRAINER_MAX_POSITIONS: optionalText.pipe(boundedNumber(1, 1000, '10').refine(Number.isInteger, 'must be a whole number, like 10').optional()),
  MLTRAINER_DAILY_LOSS_LIMIT: optionalText.pipe(boundedNumber(0, 0.5, '0.03', true).optional()),
  MLTRAINER_SYMBOLS: optionalText.pipe(symbolList.optional()),
  // What rankings, recommendations and the autopilot's replay assume a trade costs when no broker cost is configured.
  MLTRAINER_COST_BPS: optionalText.pipe(boundedNumber(0, 1000, '5').optional()),
  // Scheduled daily backups kept in $MLTRAINER_HOME/backups; 0 switches them off.
  MLTRAINER_BACKUP_KEEP: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'must be a whole number of daily backups to keep, like 7 (0 switches them off)')
    .transform(Number)
    .default(7),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  home: string;
  databaseUrl?: string;
  /** REDIS_URL: evaluation runs go through the BullMQ queue to `mltrainer worker` processes. */
  redisUrl?: string;
  logLevel: Env['MLTRAINER_LOG_LEVEL'];
  port: number;
  /** The web dashboard's bearer token; no dashboard without it. */
  dashboardToken?: string;
  telegram?: { token: string; apiRoot: string; webhookUrl?: string; webhookSecret?: string };
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl: string };
  anthropic?: { apiKey: string; baseUrl?: string; model: string };
  alpaca?: { keyId: string; secretKey: string; baseUrl: string; dataUrl: string; live: boolean };
  polygon?: { apiKey: string; baseUrl: string; requestsPerMinute: number };
  fred?: { apiKey: string; baseUrl: string };
  allowedUsers: string[];
  /** `telegram:123` -> its role from MLTRAINER_ROLES / MLTRAINER_ALLOWED_USERS (the floor chat grants raise). */
  roles: Record<string, EnvRole>;
  reports: { timeZone: string; time: string };
  /** Scheduled daily backups: how many are kept (0: none are taken). */
  backups: { keep: number };
  /** The simulated broker's settings and the risk limits set by the environment (absent: the defaults). */
  trading: {
    startingCash?: number;
    commissionRate?: number;
    slippage?: number;
    /**
     * Basis points of traded notional that rankings, recommendations and replays assume: the configured commission +
     * slippage when either is set (even to 0), else MLTRAINER_COST_BPS (default 5).
     */
    rankingCostBps: number;
    risk: { maxSymbolWeight?: number; maxGrossExposure?: number; maxOpenPositions?: number; dailyLossLimit?: number; allowlist?: string[] };
    /** MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes: a confirmed chat order may exceed the per-symbol limit; otherwise limits hold for every order. */
    allowLimitOverride: boolean;
  };
  /** Every secret value set, so logs and replies can be scrubbed of them. */
  secretValues: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// The newest Sonnet the installed @anthropic-ai/sdk knows that its deprecation table does not list (claude-sonnet-4-5
// reached end of life on 2026-11-30, and the SDK warns on every request with it).
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';

/** Parses the environment; throws ConfigError with one line naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const pairs: [string, string | undefined][] = [
    ['SLACK_SIGNING_SECRET', e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET ? 'missing' : undefined],
    ['SLACK_BOT_TOKEN', e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN ? 'missing' : undefined],
    ['APCA_API_SECRET_KEY', e.APCA_API_KEY_ID && !e.APCA_API_SECRET_KEY ? 'missing' : undefined],
    ['APCA_API_KEY_ID', e.APCA_API_SECRET_KEY && !e.APCA_API_KEY_ID ? 'missing' : undefined],
  ];
  for (const [name, problem] of pairs) {
    if (problem) throw new ConfigError(`${name}: must be set together with ${partnerOf(name)}`);
  }
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // Jobs and results pass through the one database every process reaches; the embedded one lives in one process.
    throw new ConfigError('REDIS_URL: needs DATABASE_URL as well (a PostgreSQL server every process shares; the embedded database serves one process)');
  }
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError('TELEGRAM_WEBHOOK_URL: needs TELEGRAM_BOT_TOKEN as well');
  }
  const live = e.MLTRAINER_LIVE_TRADING === 'yes';
  if (e.APCA_API_KEY_ID && isLiveAlpacaEndpoint(e.APCA_API_BASE_URL) && !live) {
    throw new ConfigError(
      'APCA_API_BASE_URL: is not the Alpaca paper endpoint; live trading is refused unless MLTRAINER_LIVE_TRADING=yes',
    );
  }

  const secretValues = [
    e.DATABASE_URL ? passwordOf(e.DATABASE_URL) : undefined,
    e.DATABASE_URL,
    e.REDIS_URL, // whole first, then its password alone
    e.REDIS_URL ? decodeURIComponent(new URL(e.REDIS_URL).password) : undefined,
    e.TELEGRAM_BOT_TOKEN,
    e.TELEGRAM_WEBHOOK_SECRET,
    e.SLACK_BOT_TOKEN,
    e.SLACK_SIGNING_SECRET,
    e.SLACK_APP_TOKEN,
    e.ANTHROPIC_API_KEY,
    e.APCA_API_KEY_ID,
    e.APCA_API_SECRET_KEY,
    e.POLYGON_API_KEY,
    e.FRED_API_KEY,
    e.MLTRAINER_DASHBOARD_TOKEN,
  ].filter((v): v is string => typeof v === 'string' && v.length >= 4);

  return {
    home: path.resolve(e.MLTRAINER_HOME),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.MLTRAINER_LOG_LEVEL,
    port: e.PORT,
    dashboardToken: e.MLTRAINER_DASHBOARD_TOKEN,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhookUrl: e.TELEGRAM_WEBHOOK_URL,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
        }
      : undefined,
    slack:
      e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
        ? { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL }
        : undefined,
    anthropic: e.ANTHROPIC_API_KEY
      ? { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL }
      : undefined,
    alpaca:
      e.APCA_API_KEY_ID && e.APCA_API_SECRET_KEY
        ? {
            keyId: e.APCA_API_KEY_ID,
            secretKey: e.APCA_API_SECRET_KEY,
            baseUrl: e.APCA_API_BASE_URL,
            dataUrl: e.APCA_API_DATA_URL,
            live,
          }
        : undefined,
    polygon: e.POLYGON_API_KEY
      ? { apiKey: e.POLYGON_API_KEY, baseUrl: e.POLYGON_BASE_URL, requestsPerMinute: e.POLYGON_REQUESTS_PER_MINUTE }
      : undefined,
    fred: e.FRED_API_KEY ? { apiKey: e.FRED_API_KEY, baseUrl: e.FRED_BASE_URL } : undefined,
    allowedUsers: e.MLTRAINER_ALLOWED_USERS,
    roles: envRoles(e.MLTRAINER_ALLOWED_USERS, e.MLTRAINER_ROLES),
    reports: { timeZone: e.TZ_REPORTS, time: e.MLTRAINER_REPORT_TIME },
    backups: { keep: e.MLTRAINER_BACKUP_KEEP },
    trading: {
      startingCash: e.MLTRAINER_STARTING_CASH,
      commissionRate: e.MLTRAINER_COMMISSION_BPS === undefined ? undefined : e.MLTRAINER_COMMISSION_BPS / 10_000,
      slippage: e.MLTRAINER_SLIPPAGE_BPS === undefined ? undefined : e.MLTRAINER_SLIPPAGE_BPS / 10_000,
      rankingCostBps: rankingCostBps(e),
      allowLimitOverride: e.MLTRAINER_ALLOW_LIMIT_OVERRIDE === 'yes',
      risk: dropUndefined({
        maxSymbolWeight: e.MLTRAINER_MAX_SYMBOL_WEIGHT,
        maxGrossExposure: e.MLTRAINER_MAX_GROSS_EXPOSURE,
        maxOpenPositions: e.MLTRAINER_MAX_POSITIONS,
        dailyLossLimit: e.MLTRAINER_DAILY_LOSS_LIMIT,
        allowlist: e.MLTRAINER_SYMBOLS,
      }),
    },
    secretValues,
  };
}

/** The default cost of rankings and replays: the broker's configured costs when set, else MLTRAINER_COST_BPS, else 5 bps. */
export const DEFAULT_RANKING_COST_BPS = 5;
function rankingCostBps(e: Env): number {
  if (e.MLTRAINER_COMMISSION_BPS !== undefined || e.MLTRAINER_SLIPPAGE_BPS !== undefined) {
    return (e.MLTRAINER_COMMISSION_BPS ?? 0) + (e.MLTRAINER_SLIPPAGE_BPS ?? 0);
  }
  return e.MLTRAINER_COST_BPS ?? DEFAULT_RANKING_COST_BPS;
}

function partnerOf(name: string): string {
  return (
    {
      SLACK_SIGNING_SECRET: 'SLACK_BOT_TOKEN',
      SLACK_BOT_TOKEN: 'SLACK_SIGNING_SECRET',
      APCA_API_SECRET_KEY: 'APCA_API_KEY_ID',
      APCA_API_KEY_ID: 'APCA_API_SECRET_KEY',
    } as Record<string, string>
  )[name]!;
}

/** Alpaca's live endpoint, or anything that is not the paper endpoint and not a loopback stand-in. */
function isLiveAlpacaEndpoint(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  if (host === 'paper-api.alpaca.markets') return false;
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]') return false;
  return true;
}

function passwordOf(databaseUrl: string): string | undefined {
  return parsePostgresUrl(databaseUrl).password;
}

/** Replaces every secret value in a text with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

/** The object without its undefined values (so they do not override defaults when spread). */
function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
