// FRED series metadata and observations (/fred/series, /fred/series/observations), keeping "." as missing.
import { z } from 'zod';
import type { Observation, SeriesMeta } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { fetchJson } from './fetch-json.ts';
import { ProviderHttpError, parseAnswer, statusReason } from './provider-errors.ts';
import { logger } from '../../../log.ts';
import { sourceScheduler, type RateLimit, type RequestScheduler, type SourceRequestOptions } from './request-scheduler.ts';
import type { SeriesSource } from './series-source.ts';
import { isIsoDate } from '../../../calendar/dates.ts';

const log = logger('fred');

export const FRED_DEFAULT_BASE_URL = 'https://api.stlouisfed.org';
/** FRED allows 120 requests a minute per key. */
export const FRED_RATE_LIMIT: RateLimit = { requests: 120, intervalMs: 60_000 };
/** FRED's largest page of observations. */
const FRED_PAGE_LIMIT = 100_000;

export interface FredOptions extends SourceRequestOptions {
  apiKey: string;
  /** FRED_BASE_URL; defaults to https://api.stlouisfed.org. */
  baseUrl?: string;
}

const seriesAnswer = z.object({
  seriess: z
    .array(z.object({ id: z.string(), title: z.string(), units: z.string(), frequency: z.string() }))
    .min(1),
});

// FRED sends every value as a string: a decimal, or "." when the value is missing.
const observationValue = z.string().regex(/^(\.|-?\d+(\.\d*)?([eE][-+]?\d+)?)$/, 'expected a decimal string or "."');

const observationsAnswer = z.object({
  count: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  observations: z.array(
    z.object({
      date: z.string().refine(isIsoDate, 'expected a YYYY-MM-DD date'),
      value: observationValue,
    }),
  ),
});

export class FredSource implements SeriesSource {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly scheduler: RequestScheduler;
  private readonly fetchImpl?: typeof fetch;

  constructor(opts: FredOptions) {
    if (!opts.apiKey) throw new UserError('FRED_API_KEY is not set: FRED needs a key');
    this.apiKey = opts.apiKey;
    this.baseUrl = (opts.baseUrl ?? FRED_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl;
    this.scheduler = sourceScheduler('FRED', opts, FRED_RATE_LIMIT, [opts.apiKey]);
  }

  private async get(path: string, params: Record<string, string>, seriesId: string): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('api_key', this.apiKey);
    url.searchParams.set('file_type', 'json');
    return this.scheduler.run(async () => {
      try {
        return await fetchJson(url.href, { provider: 'FRED', secrets: [this.apiKey], fetchImpl: this.fetchImpl });
      } catch (error) {
        throw explain(error, seriesId);
      }
    });
  }

  async fetchSeriesMeta(seriesId: string): Promise<SeriesMeta> {
    const answer = parseAnswer('FRED', seriesAnswer, await this.get('/fred/series', { series_id: seriesId }, seriesId));
    const s = answer.seriess[0]!;
    return { id: s.id, title: s.title, units: s.units, frequency: s.frequency, source: 'fred' };
  }

  async fetchObservations(seriesId: string, from?: string, to?: string): Promise<Observation[]> {
    const out: Observation[] = [];
    // FRED pages with limit/offset; one page holds up to 100,000 observations, so most series need one request.
    for (;;) {
      const params: Record<string, string> = {
        series_id: seriesId,
        sort_order: 'asc',
        limit: String(FRED_PAGE_LIMIT),
        offset: String(out.length),
      };
      if (from) params.observation_start = from;
      if (to) params.observation_end = to;
      const answer = parseAnswer('FRED', observationsAnswer, await this.get('/fred/series/observations', params, seriesId));
      for (const o of answer.observations) {
        out.push({ date: o.date, value: o.value === '.' ? null : Number(o.value) });
      }
      if (answer.observations.length === 0 || out.length >= answer.count) return out;
    }
  }

  async close(): Promise<void> {
    await this.scheduler.stop();
  }
}

/** FRED's refusal as a line a user can act on: our words for its status, never its own text (which echoes the request). */
function explain(error: unknown, seriesId: string): unknown {
  if (!(error instanceof ProviderHttpError)) return error;
  const body = error.body as { error_message?: unknown } | null;
  const said = typeof body?.error_message === 'string' ? body.error_message : '';
  log.warn({ status: error.status, said: said.slice(0, 300) }, 'FRED refused a request');
  if (error.status === 401 || error.status === 403 || /api_key/i.test(said)) return new UserError('the FRED key was refused (FRED_API_KEY): check it');
  if (/series does not exist/i.test(said) || error.status === 404) return new UserError(`FRED has no series ${seriesId} (HTTP ${error.status}): check the series id`);
  return new UserError(`FRED refused the request for series ${seriesId} (HTTP ${error.status}, ${statusReason(error.status)})`);
}
