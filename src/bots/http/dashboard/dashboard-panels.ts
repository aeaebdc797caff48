// The dashboard's panels as HTML, from the engine's snapshot (the same figures the chat answers with) and the
// process's rates: account, equity chart, positions, last fills, autopilot, leaderboards, data freshness, outbox and
// messages, recent alerts. Every text from the data is escaped.
import type { DashboardSnapshot } from '../../../engine/use-cases/dashboard-snapshot.ts';
import { money, num, pct, price, qty, signedPct } from '../../../format.ts';

/** What the HTTP side adds: the outbox by state and the message rate of this process. */
export interface DashboardRates {
  outbox: Record<string, number> | null;
  messages: { total: number; perMinute: number | null };
  /** Every instance's rates, from the live view in Redis (REDIS_URL). */
  live?: { instances: number; messagesPerMinute: number | null; ordersPerMinute: number | null } | null;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const signed = (x: number) => (Math.abs(x) < 0.005 ? money(0) : `${x > 0 ? '+' : ''}${money(x)}`);
// Half a cent either way is no gain or loss (a -0.000001 would colour a flat day red).
const cls = (x: number | null) => (x === null || Math.abs(x) < 0.005 ? '' : x > 0 ? 'up' : 'down');

function table(id: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}-empty">${esc(empty)}</p>`;
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table id="${id}"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}

const card = (id: string, title: string, body: string, wide = false) => `<section class="card${wide ? ' wide' : ''}" id="${id}"><h2>${esc(title)}</h2>${body}</section>`;

function accountCard(s: DashboardSnapshot): string {
  const a = s.account;
  if (!a) return card('account', 'Account', '<p class="empty">The trader is not running.</p>');
  const tile = (label: string, value: string, c = '') => `<div class="tile"><span>${esc(label)}</span><b class="${c}">${esc(value)}</b></div>`;
  return card(
    'account',
    `Paper account (${a.broker})${a.halted ? ': HALTED' : ''}`,
    // An equity valued at old closes must say so: it is not today's market.
    (a.pricesAsOf && a.pricesAsOf < s.asOf.slice(0, 10) ? `<p class="down" id="prices-as-of"><small>Positions valued at the stored closes of ${esc(a.pricesAsOf)}, not today's prices.</small></p>` : '') +
    `<div class="tiles">${tile('Equity', money(a.equity))}${tile('Today', `${signed(a.dayChange)} (${signedPct(a.dayChangePct)})`, cls(a.dayChange))}${tile('Cash', money(a.cash))}${tile('Exposure', money(a.grossExposure))}${tile('Realised', signed(a.realized), cls(a.realized))}${tile('Unrealised', signed(a.unrealized), cls(a.unrealized))}</div>`,
  );
}

function equityCard(s: DashboardSnapshot): string {
  const e = s.equity;
  if (!e) return card('equity', 'Equity vs buy-and-hold', '<p class="empty">The trader is not running.</p>', true);
  const today = s.asOf.slice(0, 10);
  const notes = [
    `${e.points} point${e.points === 1 ? '' : 's'} from ${esc(e.first)}: one per daily close, and now.`,
    e.benchmarkNewestBar && e.benchmarkNewestBar < today ? `Buy-and-hold ${esc(e.benchmarkSymbol)} uses the stored closes; the newest is of ${esc(e.benchmarkNewestBar)}.` : '',
  ];
  return card('equity', 'Equity vs buy-and-hold', `<div class="chart" id="equity-chart">${e.chartSvg}</div><p><small>${notes.filter(Boolean).join(' ')}</small></p>`, true);
}

function positionsCard(s: DashboardSnapshot): string {
  const rows = s.positions.map((p) => [
    esc(p.symbol),
    `${qty(p.qty)} @ ${price(p.avgEntryPrice)}`,
    p.lastPrice === null ? 'n/a' : `${price(p.lastPrice)}${p.lastPriceDate ? `<br><small>${esc(p.lastPriceDate)}</small>` : ''}`,
    p.marketValue === null ? 'n/a' : money(p.marketValue),
    p.unrealizedPnl === null ? 'n/a' : `<span class="${cls(p.unrealizedPnl)}">${signed(p.unrealizedPnl)}</span>`,
  ]);
  return card('positions', 'Open positions', table('positions-table', ['symbol', 'qty @ avg', 'last', 'value', 'P&L'], rows, 'No open positions.'));
}

function fillsCard(s: DashboardSnapshot): string {
  const rows = s.fills.map((f) => [esc(f.filledAt.slice(0, 16).replace('T', ' ')), esc(f.side), qty(f.qty), esc(f.symbol), price(f.price), `#${f.orderId}${f.barDate ? ` <small>bar ${esc(f.barDate)}</small>` : ''}`]);
  return card('fills', 'Last trades', table('fills-table', ['time (UTC)', 'side', 'qty', 'symbol', 'price', 'order'], rows, 'No fills yet.'));
}

function autopilotCard(s: DashboardSnapshot): string {
  const a = s.autopilot;
  if (!a) return card('autopilot', 'Autopilot', '<p class="empty">The autopilot is not running.</p>');
  const decisions = a.decisions.map((d) => [
    esc(d.symbol),
    esc(d.date),
    pct(d.target, 1),
    d.models.map((m) => `${esc(m.id)} <small>Sharpe ${num(m.score)}, signal ${num(m.signal)}</small>`).join('<br>') || 'none',
    `<small>${esc(d.reason)}</small>`,
  ]);
  return card(
    'autopilot',
    `Autopilot: ${a.enabled ? 'on' : 'off'}`,
    `<p>${esc(a.summary)}</p><p><small>Symbols ${esc(a.symbols.join(', '))}; last run ${esc(a.lastRun ?? 'never')}.</small></p>` +
      `<details><summary>Pool: ${a.pool.length} models</summary><small>${esc(a.pool.join(', '))}</small></details>` +
      table('decisions-table', ['symbol', 'date', 'target', 'models', 'why'], decisions, 'No decision yet.'),
    true,
  );
}

function leaderboardCard(s: DashboardSnapshot): string {
  const parts = s.leaderboards.map((b) => {
    const rows = b.rows.map((r) => [String(r.rank), esc(r.model), num(r.value), `<small>${esc(r.window)}</small>`]);
    return `<h3>${esc(b.symbol)} <small>${b.measured} measured, walk-forward ${esc(b.metric)}</small></h3>` + table(`leaderboard-${esc(b.symbol)}`, ['#', 'model', b.metric, 'window'], rows, `Nothing evaluated on ${b.symbol} yet (mltrainer evaluate --symbols ${b.symbol}).`);
  });
  return card('leaderboards', 'Leaderboards', parts.join(''));
}

function dataCard(s: DashboardSnapshot): string {
  const rows = s.data.map((d) => [
    esc(d.symbol),
    esc(d.timeframe),
    esc(d.source),
    `<span class="${d.stale ? 'down' : ''}">${esc(d.last)}</span>`,
    d.sessionsBehind === null ? '' : `${d.sessionsBehind}${d.stale ? ' (stale)' : ''}`,
    String(d.count),
  ]);
  return card('data', 'Data freshness', table('data-table', ['symbol', 'tf', 'source', 'newest', 'sessions behind', 'bars'], rows, 'The bar store is empty.'));
}

function ratesCard(r: DashboardRates): string {
  const outbox = r.outbox ? Object.entries(r.outbox).map(([k, v]) => `${esc(k)} ${v}`).join(', ') : 'no chat platform: alerts print on the console';
  const rate = r.messages.perMinute === null ? 'measuring' : `${num(r.messages.perMinute, 1)}/min over the last 5 minutes`;
  const live = r.live
    ? `<p>All instances (Redis): ${r.live.instances} active in the last 2 minutes, ${r.live.messagesPerMinute === null ? 'n/a' : num(r.live.messagesPerMinute, 1)} messages and ${r.live.ordersPerMinute === null ? 'n/a' : num(r.live.ordersPerMinute, 1)} orders a minute</p>`
    : '';
  return card('rates', 'Messages and outbox', `<p>Messages answered by this instance since start: <b>${r.messages.total}</b> (${esc(rate)})</p>${live}<p>Outbox: ${outbox}</p>`);
}

function alertsCard(s: DashboardSnapshot): string {
  const rows = s.anomalies.map((a) => [esc(a.raisedAt.slice(0, 16).replace('T', ' ')), esc(a.rule), `<small>${esc(a.text)}</small>`]);
  return card('alerts', 'Recent anomaly alerts', table('alerts-table', ['time (UTC)', 'rule', 'what'], rows, 'No anomaly raised.'), true);
}

export function dashboardPanels(s: DashboardSnapshot, rates: DashboardRates): string {
  // Account and positions first (side by side on a desk), the chart below them: the first screen shows all three.
  return [accountCard(s), positionsCard(s), equityCard(s), fillsCard(s), dataCard(s), autopilotCard(s), leaderboardCard(s), ratesCard(rates), alertsCard(s)].join('\n');
}
