// The process's own anomalies, checked every half minute while `mltrainer start` runs: the notification outbox's
// backlog growing for 5 minutes, the event loop stalled for more than a second, and the language model failing over
// to the offline understander more than LLM_FAILOVERS_PER_HOUR times within an hour. One alert per episode (a
// backlog until it shrinks, an hour for the others).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Clock } from '../clock.ts';
import type { AnomalyReporter } from './anomaly-reporter.ts';

export const BACKLOG_MINUTES = 5;
export const LOOP_LAG_SECONDS = 1;
export const LLM_FAILOVERS_PER_HOUR = 10;
const HOUR = 3_600_000;

const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);
const utc = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export interface ProcessWatchDeps {
  reporter: AnomalyReporter;
  clock: Clock;
  /** Alerts and reports waiting to be sent (pending and sending rows); absent without chat platforms. */
  outboxBacklog?: () => Promise<number>;
  /** The longest event-loop stall since the last call, seconds (default: measured by perf_hooks). */
  loopLagSeconds?: () => number;
}

export class ProcessWatch {
  private samples: { at: number; backlog: number }[] = [];
  private backlogEpisode: number | null = null;
  private failovers: number[] = [];
  private histogram?: IntervalHistogram;

  constructor(private readonly d: ProcessWatchDeps) {}

  /** Counts one failover (the metrics relay calls it as a listener). */
  readonly llmFailover = (): void => {
    this.failovers.push(this.d.clock.now());
  };

  /** Starts measuring the event loop (idempotent). */
  startLoopMonitor(): void {
    if (this.d.loopLagSeconds || this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
  }

  stop(): void {
    this.histogram?.disable();
  }

  async check(): Promise<void> {
    const now = this.d.clock.now();
    await this.checkBacklog(now);
    await this.checkLoopLag(now);
    await this.checkFailovers(now);
  }

  private async checkBacklog(now: number): Promise<void> {
    if (!this.d.outboxBacklog) return;
    const backlog = await this.d.outboxBacklog();
    this.samples.push({ at: now, backlog });
    this.samples = this.samples.filter((s) => s.at >= now - BACKLOG_MINUTES * 60_000 - 60_000);
    const last = this.samples.at(-2);
    // An episode ends when the backlog shrinks or empties.
    if (backlog === 0 || (last && backlog < last.backlog)) this.backlogEpisode = null;
    const oldest = this.samples[0]!;
    const span = now - oldest.at;
    const growing = this.samples.every((s, i) => i === 0 || s.backlog >= this.samples[i - 1]!.backlog) && backlog > oldest.backlog;
    if (span < BACKLOG_MINUTES * 60_000 || !growing || this.backlogEpisode !== null) return;
    this.backlogEpisode = oldest.at;
    await this.d.reporter.report([
      {
        rule: 'outbox-backlog',
        key: `outbox-backlog:${oldest.at}`,
        text: `The alert outbox has grown for ${Math.round(span / 60_000)} minutes, from ${oldest.backlog} to ${backlog} waiting since ${utc(oldest.at)}: deliveries are failing or rate-limited. Check the platform's status and the log.`,
      },
    ]);
  }

  private async checkLoopLag(now: number): Promise<void> {
    let lag: number;
    if (this.d.loopLagSeconds) lag = this.d.loopLagSeconds();
    else if (this.histogram) {
      lag = this.histogram.max / 1e9;
      this.histogram.reset();
    } else return;
    if (!(lag > LOOP_LAG_SECONDS)) return;
    await this.d.reporter.report([
      {
        rule: 'event-loop-lag',
        key: `event-loop-lag:${hourOf(now)}`,
        text: `The event loop stalled for ${lag.toFixed(1)} s (alert above ${LOOP_LAG_SECONDS} s) before ${utc(now)}: chats waited that long for any answer. Check the log for a heavy request run on the main thread.`,
      },
    ]);
  }

  private async checkFailovers(now: number): Promise<void> {
    this.failovers = this.failovers.filter((t) => t > now - HOUR);
    if (this.failovers.length <= LLM_FAILOVERS_PER_HOUR) return;
    await this.d.reporter.report([
      {
        rule: 'llm-failover',
        key: `llm-failover:${hourOf(this.failovers[0]!)}`,
        text: `The language model failed ${this.failovers.length} times in the last hour (alert above ${LLM_FAILOVERS_PER_HOUR}); the offline understander answered instead. Check ANTHROPIC_API_KEY, the model name and Anthropic's status.`,
      },
    ]);
  }
}
