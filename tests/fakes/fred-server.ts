// A loopback stand-in for FRED (/fred/series and /fred/series/observations, file_type=json), speaking its documented
// JSON: values as strings with "." for missing, limit/offset paging, 400 {error_code, error_message} on bad requests.
import { answerFault, noFaults, sendJson, startLoopbackServer, type FaultKnobs, type LoopbackServer } from './http-server.ts';
import type { FakeRequest } from './polygon-server.ts';
import { SERIES, syntheticObservations, type SyntheticObservation } from './synthetic-market.ts';

export interface FredKnobs extends FaultKnobs {
  /** Observations per page at most (FRED's own cap is 100,000); small values force several offset pages. */
  pageSize: number;
  /** The newest date the fake has data for (FRED's "today"). */
  lastDate: string;
  /** Extra missing values: series id -> dates answered ".". */
  missingDates: Record<string, string[]>;
  /** Raw value overrides: series id -> date -> value text (for malformed answers). */
  badValues: Record<string, Record<string, unknown>>;
}

export interface FredFake extends LoopbackServer {
  apiKey: string;
  knobs: FredKnobs;
  requests: FakeRequest[];
  /** The observations this fake serves for a series and window, knobs applied. */
  observations(seriesId: string, from: string, to: string): SyntheticObservation[];
}

export interface FredFakeOptions {
  apiKey?: string;
  pageSize?: number;
  lastDate?: string;
}

const KEY_HELP = 'Read https://fred.stlouisfed.org/docs/api/api_key.html for more information.';
const EARLIEST = '1776-07-04';
const LATEST = '9999-12-31';

export async function startFredFake(opts: FredFakeOptions = {}): Promise<FredFake> {
  const apiKey = opts.apiKey ?? 'abcdef0123456789abcdef0123456789';
  const knobs: FredKnobs = {
    ...noFaults(),
    pageSize: opts.pageSize ?? 100_000,
    lastDate: opts.lastDate ?? '2024-12-31',
    missingDates: {},
    badValues: {},
  };
  const requests: FakeRequest[] = [];

  const observations = (id: string, from: string, to: string): SyntheticObservation[] => {
    const missing = new Set(knobs.missingDates[id] ?? []);
    const bad = knobs.badValues[id] ?? {};
    const end = to < knobs.lastDate ? to : knobs.lastDate;
    return syntheticObservations(id, from, end).map((o) => {
      if (o.date in bad) return { date: o.date, value: bad[o.date] as string };
      return missing.has(o.date) ? { date: o.date, value: '.' } : o;
    });
  };

  const server = await startLoopbackServer((req, res, url) => {
    const query = Object.fromEntries(url.searchParams);
    const log: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0 };
    requests.push(log);
    const fault = answerFault(res, knobs, {
      rateLimited: { error_code: 429, error_message: 'Too Many Requests.  Exceeded Rate Limit' },
      serverError: { error_code: 500, error_message: 'Internal Server Error' },
    });
    if (fault !== null) {
      log.status = fault;
      return;
    }
    const answer = (status: number, body: unknown): void => {
      log.status = status;
      sendJson(res, status, body);
    };
    const refuse = (message: string): void => answer(400, { error_code: 400, error_message: `Bad Request.  ${message}` });
    if (!query.api_key) return refuse(`Variable api_key is not set.  ${KEY_HELP}`);
    if (!/^[a-z0-9]{32}$/.test(query.api_key)) {
      return refuse(`The value for variable api_key is not a 32 character alpha-numeric lower-case string.  ${KEY_HELP}`);
    }
    if (query.api_key !== apiKey) return refuse(`The value for variable api_key is not registered.  ${KEY_HELP}`);
    if (query.file_type !== 'json') return refuse('This stand-in answers file_type=json only.');
    const id = query.series_id ?? '';
    if (!id) return refuse('Variable series_id is not set.');
    const series = SERIES[id];
    if (!series) return refuse('The series does not exist.');
    const today = knobs.lastDate;

    if (url.pathname === '/fred/series') {
      const all = observations(id, EARLIEST, LATEST);
      return answer(200, {
        realtime_start: today,
        realtime_end: today,
        seriess: [
          {
            ...series,
            realtime_start: today,
            realtime_end: today,
            observation_start: all[0]?.date ?? today,
            observation_end: all.at(-1)?.date ?? today,
            last_updated: `${today} 15:16:03-05`,
            popularity: 90,
          },
        ],
      });
    }
    if (url.pathname !== '/fred/series/observations') return answer(404, { error_code: 404, error_message: 'Not Found' });
    const start = query.observation_start ?? EARLIEST;
    const end = query.observation_end ?? LATEST;
    const limit = Number(query.limit ?? 100_000);
    const offset = Number(query.offset ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      return refuse('Variable limit is not between 1 and 100000.');
    }
    if (!Number.isInteger(offset) || offset < 0) return refuse('Variable offset is not a non-negative integer.');
    let all = observations(id, start, end);
    if (query.sort_order === 'desc') all = [...all].reverse();
    const page = all.slice(offset, offset + Math.min(limit, knobs.pageSize));
    answer(200, {
      realtime_start: today,
      realtime_end: today,
      observation_start: start,
      observation_end: end,
      units: 'lin',
      output_type: 1,
      file_type: 'json',
      order_by: 'observation_date',
      sort_order: query.sort_order ?? 'asc',
      count: all.length,
      offset,
      limit,
      observations: page.map((o) => ({ realtime_start: today, realtime_end: today, date: o.date, value: o.value })),
    });
  });

  return { ...server, apiKey, knobs, requests, observations };
}
