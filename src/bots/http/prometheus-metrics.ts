// The application's measurements in Prometheus' text format at /metrics, with prom-client: its default process and
// Node metrics (event-loop lag included) and mltrainer_* counters and histograms fed through the AppMetrics port, plus
// gauges read from the book, the outbox and the bar store when Prometheus scrapes. Names carry their units; labels
// come from fixed sets, never user text, chat ids or secrets.
import client from 'prom-client';
import type { AppMetrics } from '../../engine/metrics/app-metrics.ts';
import { logger } from '../../log.ts';

const log = logger('metrics');

/** What the gauges read at scrape time; each part is absent when that part of the bot is not running. */
export interface GaugeReadings {
  account?: { equity: number; cash: number; openPositions: number; grossExposure: number; realizedPnl: number; unrealizedPnl: number };
  outbox?: Record<string, number>;
  /** Age of the newest bar per symbol and timeframe, seconds. */
  dataAge?: { symbol: string; timeframe: string; seconds: number }[];
  /** Whether /readyz would answer 200. */
  ready?: boolean;
  autopilot?: {
    enabled: boolean;
    /** Unix ms of the last session run, null before the first. */
    lastRunAt: number | null;
    /** Unix ms the next run is due (while enabled). */
    nextDueAt: number | null;
    /** Sessions between the newest daily bar of each traded symbol and the last session (while enabled). */
    dataSessionsBehind: { symbol: string; sessions: number }[];
  };
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class PrometheusMetrics implements AppMetrics {
  readonly registry = new client.Registry();
  private readonly messages;
  private readonly messageSeconds;
  private readonly understander;
  private readonly llmCalls;
  private readonly llmTokens;
  private readonly orders;
  private readonly evaluations;
  private readonly evaluationSeconds;
  private readonly providerErrors;
  private readonly anomalies;
  private readonly llmFailovers;
  private readonly autopilotDecisions;
  private readonly autopilotModelChanges;
  private readonly outboxDelivery;
  private readonly backups;
  private readonly backupLastSuccess;
  private readonly backupBytes;

  constructor(read: () => Promise<GaugeReadings> = async () => ({})) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    this.messages = new client.Counter({ name: 'mltrainer_messages_total', help: 'Chat messages answered, by platform and intent', labelNames: ['platform', 'intent'], registers });
    this.messageSeconds = new client.Histogram({
      name: 'mltrainer_message_duration_seconds',
      help: 'Time from a message reaching the core to its answer, by platform',
      labelNames: ['platform'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.understander = new client.Counter({ name: 'mltrainer_understander_answers_total', help: 'Messages understood, by understander (claude or offline)', labelNames: ['understander'], registers });
    this.llmCalls = new client.Counter({ name: 'mltrainer_llm_calls_total', help: 'Calls of the language model, by outcome', labelNames: ['outcome'], registers });
    this.llmTokens = new client.Counter({ name: 'mltrainer_llm_tokens_total', help: 'Tokens the language model used, by kind (input, output)', labelNames: ['kind'], registers });
    this.orders = new client.Counter({ name: 'mltrainer_orders_total', help: 'Orders that reached a final status, by broker, side and status', labelNames: ['broker', 'side', 'status'], registers });
    this.evaluations = new client.Counter({ name: 'mltrainer_evaluation_runs_total', help: 'Walk-forward evaluation runs', registers });
    this.evaluationSeconds = new client.Histogram({ name: 'mltrainer_evaluation_duration_seconds', help: 'Duration of evaluation runs', buckets: [1, 5, 15, 30, 60, 120, 300, 900], registers });
    this.providerErrors = new client.Counter({ name: 'mltrainer_provider_errors_total', help: 'Failed pulls from a data provider', labelNames: ['provider'], registers });
    this.anomalies = new client.Counter({ name: 'mltrainer_anomalies_total', help: 'Anomalies raised, by rule', labelNames: ['rule'], registers });
    this.llmFailovers = new client.Counter({ name: 'mltrainer_llm_failovers_total', help: 'Messages the offline understander answered because the language model failed', registers });
    this.autopilotDecisions = new client.Counter({ name: 'mltrainer_autopilot_decisions_total', help: 'Symbol decisions the autopilot made', registers });
    this.autopilotModelChanges = new client.Counter({ name: 'mltrainer_autopilot_model_changes_total', help: 'Decisions that changed the models used for a symbol', registers });
    this.outboxDelivery = new client.Histogram({
      name: 'mltrainer_outbox_delivery_seconds',
      help: 'Time from an alert or report being queued to its delivery, by platform',
      labelNames: ['platform'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
    this.backups = new client.Counter({ name: 'mltrainer_backups_total', help: 'Scheduled backups, by outcome (ok, failed)', labelNames: ['outcome'], registers });
    this.backupLastSuccess = new client.Gauge({ name: 'mltrainer_backup_last_success_timestamp_seconds', help: 'When the last scheduled backup was written (Unix time)', registers });
    this.backupBytes = new client.Gauge({ name: 'mltrainer_backup_size_bytes', help: 'Size of the last scheduled backup written', registers });
    this.gauges(read, registers);
  }

  anomaly(rule: string): void {
    this.anomalies.inc({ rule });
  }

  llmFailover(): void {
    this.llmFailovers.inc();
  }

  autopilotRun(m: { decisions: number; modelChanges: number }): void {
    this.autopilotDecisions.inc(m.decisions);
    this.autopilotModelChanges.inc(m.modelChanges);
  }

  outboxDelivered(m: { platform: string; seconds: number }): void {
    this.outboxDelivery.observe({ platform: m.platform }, m.seconds);
  }

  messageHandled(m: { platform: string; intent: string; understander: 'claude' | 'offline'; seconds: number }): void {
    this.messages.inc({ platform: m.platform, intent: m.intent });
    this.messageSeconds.observe({ platform: m.platform }, m.seconds);
    this.understander.inc({ understander: m.understander });
  }

  llmCall(m: { outcome: 'ok' | 'error'; inputTokens: number; outputTokens: number }): void {
    this.llmCalls.inc({ outcome: m.outcome });
    if (m.inputTokens > 0) this.llmTokens.inc({ kind: 'input' }, m.inputTokens);
    if (m.outputTokens > 0) this.llmTokens.inc({ kind: 'output' }, m.outputTokens);
  }

  orderFinished(m: { broker: string; side: string; status: string }): void {
    this.orders.inc(m);
  }

  evaluationRun(m: { tasks: number; seconds: number }): void {
    this.evaluations.inc();
    this.evaluationSeconds.observe(m.seconds);
  }

  providerError(provider: string): void {
    this.providerErrors.inc({ provider });
  }

  backupWritten(m: { bytes: number; seconds: number; at: number }): void {
    this.backups.inc({ outcome: 'ok' });
    this.backupLastSuccess.set(m.at / 1000);
    this.backupBytes.set(m.bytes);
  }

  backupFailed(): void {
    this.backups.inc({ outcome: 'failed' });
  }

  /** Messages answered since the process started, over every platform and intent (the dashboard's rate). */
  async messagesTotal(): Promise<number> {
    return (await this.messages.get()).values.reduce((sum, v) => sum + v.value, 0);
  }

  /** The text Prometheus scrapes, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Gauges that read the state when scraped: one read per scrape, shared by all of them. */
  private gauges(read: () => Promise<GaugeReadings>, registers: client.Registry[]): void {
    let pending: Promise<GaugeReadings> | null = null;
    // Every gauge's collect() is called within one scrape: they share one read.
    const readings = () => {
      pending ??= read()
        .catch((err: unknown) => {
          log.warn({ err }, 'metrics readings failed');
          return {};
        })
        .finally(() => setImmediate(() => (pending = null)));
      return pending;
    };
    const single = (name: string, help: string, pick: (r: GaugeReadings) => number | null | undefined) =>
      new client.Gauge({
        name,
        help,
        registers,
        async collect() {
          this.reset();
          const v = pick(await readings());
          if (v !== null && v !== undefined) this.set(v);
        },
      });
    const account = (name: string, help: string, pick: (a: NonNullable<GaugeReadings['account']>) => number) =>
      single(name, help, (r) => (r.account ? pick(r.account) : null));
    account('mltrainer_equity_usd', 'Paper account equity', (a) => a.equity);
    account('mltrainer_cash_usd', 'Paper account cash', (a) => a.cash);
    account('mltrainer_open_positions', 'Open positions', (a) => a.openPositions);
    account('mltrainer_gross_exposure_usd', 'Sum of the absolute market values of the open positions', (a) => a.grossExposure);
    account('mltrainer_realized_pnl_usd', 'Realised P&L since the account started', (a) => a.realizedPnl);
    account('mltrainer_unrealized_pnl_usd', 'Unrealised P&L of the open positions', (a) => a.unrealizedPnl);
    single('mltrainer_ready', '1 when /readyz answers 200 (database, migrations and chat platforms ready), else 0', (r) => (r.ready === undefined ? null : r.ready ? 1 : 0));
    single('mltrainer_autopilot_enabled', '1 while the autopilot is switched on', (r) => (r.autopilot ? (r.autopilot.enabled ? 1 : 0) : null));
    single('mltrainer_autopilot_last_run_timestamp_seconds', 'When the autopilot last decided a session (Unix time)', (r) => (r.autopilot?.lastRunAt ? r.autopilot.lastRunAt / 1000 : null));
    single('mltrainer_autopilot_next_run_due_timestamp_seconds', 'When the autopilot is next due to decide (Unix time; while it is on)', (r) => (r.autopilot?.nextDueAt ? r.autopilot.nextDueAt / 1000 : null));
    new client.Gauge({
      name: 'mltrainer_autopilot_data_sessions_behind',
      help: 'NYSE sessions between the newest daily bar of each symbol the autopilot trades and the last session (while it is on)',
      labelNames: ['symbol'],
      registers,
      async collect() {
        this.reset();
        for (const d of (await readings()).autopilot?.dataSessionsBehind ?? []) this.set({ symbol: d.symbol }, d.sessions);
      },
    });
    new client.Gauge({
      name: 'mltrainer_outbox_rows',
      help: 'Notification outbox rows by state',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        for (const [state, n] of Object.entries((await readings()).outbox ?? {})) this.set({ state }, n);
      },
    });
    new client.Gauge({
      name: 'mltrainer_data_age_seconds',
      help: 'Age of the newest stored bar, by symbol and timeframe',
      labelNames: ['symbol', 'timeframe'],
      registers,
      async collect() {
        this.reset();
        for (const d of (await readings()).dataAge ?? []) this.set({ symbol: d.symbol, timeframe: d.timeframe }, d.seconds);
      },
    });
  }
}
