// The doctor's look at the configured outside services: which are on (by the names of the variables set, never their
// values) and, unless told not to, whether each base URL answers at all within a few seconds.
import type { Config } from '../../config.ts';
import type { HealthCheck } from '../../engine/db/database-health.ts';

const REACH_TIMEOUT_MS = 3_000;

interface Service {
  name: string;
  /** The variables that configure it, shown when set. */
  variables: string[];
  /** Base URLs to reach, each with the variable that sets it. */
  urls: { url: string; variable: string }[];
}

function configuredServices(config: Config): Service[] {
  const out: Service[] = [];
  if (config.telegram) {
    out.push({ name: 'Telegram', variables: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT', 'TELEGRAM_WEBHOOK_URL', 'TELEGRAM_WEBHOOK_SECRET'], urls: [{ url: config.telegram.apiRoot, variable: 'TELEGRAM_API_ROOT' }] });
  }
  if (config.slack) {
    out.push({ name: 'Slack', variables: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'], urls: [{ url: config.slack.apiUrl, variable: 'SLACK_API_URL' }] });
  }
  if (config.anthropic) {
    out.push({ name: 'Anthropic', variables: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_MODEL'], urls: [{ url: config.anthropic.baseUrl ?? 'https://api.anthropic.com', variable: 'ANTHROPIC_BASE_URL' }] });
  }
  if (config.alpaca) {
    out.push({
      name: 'Alpaca',
      variables: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY', 'APCA_API_BASE_URL', 'APCA_API_DATA_URL'],
      urls: [
        { url: config.alpaca.baseUrl, variable: 'APCA_API_BASE_URL' },
        { url: config.alpaca.dataUrl, variable: 'APCA_API_DATA_URL' },
      ],
    });
  }
  if (config.polygon) out.push({ name: 'Polygon', variables: ['POLYGON_API_KEY', 'POLYGON_BASE_URL'], urls: [{ url: config.polygon.baseUrl, variable: 'POLYGON_BASE_URL' }] });
  if (config.fred) out.push({ name: 'FRED', variables: ['FRED_API_KEY', 'FRED_BASE_URL'], urls: [{ url: config.fred.baseUrl, variable: 'FRED_BASE_URL' }] });
  return out;
}

/** Scheme, host and port only: a URL's path or user part could carry a secret. */
function shown(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(an invalid URL)';
  }
}

/** Why a request got no answer, in a few words. */
function whyUnreachable(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${REACH_TIMEOUT_MS / 1000} s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return code ?? e.cause?.message?.split('\n')[0] ?? 'no connection';
}

/** Any HTTP answer (even 401 or 404) means the service is there: reachability, not credentials, is asked. */
async function reach(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  } catch (err) {
    return whyUnreachable(err);
  }
}

/** One check per configured service (or one saying none is), each naming what to check when it fails. */
export async function checkServices(config: Config, env: NodeJS.ProcessEnv, network: boolean): Promise<HealthCheck[]> {
  const services = configuredServices(config);
  if (services.length === 0) {
    return [{ name: 'services', ok: true, detail: 'none configured: the console chat, the simulated broker and the offline understander serve' }];
  }
  return Promise.all(
    services.map(async (s): Promise<HealthCheck> => {
      const set = s.variables.filter((v) => (env[v] ?? '').trim() !== '');
      const keys = `${set.join(', ')} set`;
      if (!network) return { name: s.name, ok: true, detail: `${keys}; not contacted (--no-network)` };
      const answers = await Promise.all(s.urls.map(async (u) => ({ ...u, problem: await reach(u.url) })));
      const failed = answers.filter((a) => a.problem !== undefined);
      if (failed.length === 0) return { name: s.name, ok: true, detail: `${keys}; ${answers.map((a) => shown(a.url)).join(' and ')} answers` };
      const what = failed.map((a) => `cannot reach ${s.name} at ${shown(a.url)} (${a.problem}): check the network and ${a.variable}`).join('; ');
      return { name: s.name, ok: false, detail: `${keys}; ${what}` };
    }),
  );
}
