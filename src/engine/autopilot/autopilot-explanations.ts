// The autopilot explaining itself from what it stored: why it holds what it holds on a symbol (the decision record and
// its orders), and how the predictions it used turned out (hit rate and error, by month).
import type { AutopilotStore, StoredDecision } from './autopilot-store.ts';

export interface WhyAnswer extends StoredDecision {
  text: string;
}

export interface AccuracyRow {
  model: string;
  symbol: string;
  kind: 'position' | 'volatility';
  predictions: number;
  /** Share of directional calls (nonzero positions) that matched the sign of the next bar's return. */
  hitRate: number | null;
  /** Position: mean of signal x next return. Volatility: mean |forecast std - |return||. */
  meanReturn: number | null;
  meanAbsError: number | null;
  byMonth: { month: string; predictions: number; hitRate: number | null; meanAbsError: number | null }[];
}

export interface AccuracyReport {
  rows: AccuracyRow[];
  text: string;
}

const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;

export class AutopilotExplanations {
  constructor(private readonly store: AutopilotStore) {}

  /** The stored decision at or before `date` (default the latest), with its orders and a readable `text`. */
  async why(symbol: string, date?: string): Promise<WhyAnswer | null> {
    const d = await this.store.decision(symbol.toUpperCase(), date);
    if (!d) return null;
    const orders = d.orders.length
      ? d.orders
          .map((o) =>
            o.refusal
              ? `The ${o.side} of ${o.qty.toFixed(4)} was ${o.refusal}.`
              : `Order #${o.orderId}: ${o.side} ${o.qty.toFixed(4)}${o.filledPrice !== null ? ` filled at ${o.filledPrice.toFixed(2)}` : ` (${o.status})`}${o.duplicate ? ' (a retry of an existing order)' : ''}.`,
          )
          .join(' ')
      : 'No order was needed.';
    const asked = date && date !== d.date ? ` (the latest decision on or before ${date})` : '';
    return { ...d, text: `${d.symbol} on ${d.date}${asked}: ${d.record.reason} ${orders}` };
  }

  /** `why` as a sentence; says so when there is no decision. */
  async explain(symbol: string, date?: string): Promise<string> {
    const w = await this.why(symbol, date);
    if (w) return w.text;
    return `The autopilot has made no decision for ${symbol.toUpperCase()}${date ? ` on or before ${date}` : ''} yet.`;
  }

  /** Hit rate and error of the predictions the loop used, joined to their outcomes, by model, symbol and month. */
  async accuracy(model?: string, symbol?: string): Promise<AccuracyReport> {
    const rows = await this.store.resolvedPredictions({ model, symbol: symbol?.toUpperCase() });
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.modelId}|${r.symbol}|${r.kind}`;
      const g = groups.get(key) ?? [];
      g.push(r);
      groups.set(key, g);
    }
    const out: AccuracyRow[] = [];
    for (const [key, g] of groups) {
      const [m, s, kind] = key.split('|') as [string, string, 'position' | 'volatility'];
      const stats = (xs: typeof g) => {
        const calls = xs.filter((x) => x.hit !== null);
        const errs = xs.flatMap((x) => (x.error !== null ? [x.error] : []));
        return {
          hitRate: calls.length ? calls.filter((x) => x.hit).length / calls.length : null,
          meanAbsError: errs.length ? errs.reduce((a, e) => a + e, 0) / errs.length : null,
        };
      };
      const months = new Map<string, typeof g>();
      for (const x of g) {
        const k = x.date.slice(0, 7);
        months.set(k, [...(months.get(k) ?? []), x]);
      }
      out.push({
        model: m,
        symbol: s,
        kind,
        predictions: g.length,
        ...stats(g),
        meanReturn: kind === 'position' ? g.reduce((a, x) => a + x.value * x.outcome, 0) / g.length : null,
        byMonth: [...months].map(([month, xs]) => ({ month, predictions: xs.length, ...stats(xs) })),
      });
    }
    out.sort((a, b) => b.predictions - a.predictions || a.model.localeCompare(b.model));
    const scope = [model, symbol?.toUpperCase()].filter(Boolean).join(' on ');
    const text = out.length
      ? out
          .map((r) =>
            r.kind === 'position'
              ? `${r.model} on ${r.symbol}: ${r.predictions} calls used, hit rate ${r.hitRate === null ? 'n/a (no directional call)' : pct(r.hitRate)}, mean next-bar return of its position ${pct(r.meanReturn ?? 0, 3)}`
              : `${r.model} on ${r.symbol}: ${r.predictions} volatility forecasts, mean absolute error ${pct(r.meanAbsError ?? 0, 3)} per bar`,
          )
          .join('\n')
      : `No prediction the autopilot used${scope ? ` (${scope})` : ''} has a known outcome yet.`;
    return { rows: out, text };
  }
}
