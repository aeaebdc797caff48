// The AppMetrics the app is built with: measurements go nowhere until `mltrainer start` points it at Prometheus, so
// one-shot commands pay nothing for metrics and the parts built before the HTTP server need no rewiring. Watchers
// (the process watch counting LLM failovers) listen beside the target.
import { NO_METRICS, type AppMetrics } from './app-metrics.ts';

type Args<K extends keyof AppMetrics> = Parameters<AppMetrics[K]>;

export class MetricsRelay implements AppMetrics {
  private target: AppMetrics = NO_METRICS;
  private readonly listeners: Partial<AppMetrics>[] = [];

  setTarget(target: AppMetrics): void {
    this.target = target;
  }

  /** Also tells `listener` the measurements it implements. */
  listen(listener: Partial<AppMetrics>): void {
    this.listeners.push(listener);
  }

  private send<K extends keyof AppMetrics>(name: K, ...args: Args<K>): void {
    (this.target[name] as (...a: Args<K>) => void)(...args);
    for (const l of this.listeners) (l[name] as ((...a: Args<K>) => void) | undefined)?.(...args);
  }

  messageHandled(...a: Args<'messageHandled'>): void {
    this.send('messageHandled', ...a);
  }

  llmCall(...a: Args<'llmCall'>): void {
    this.send('llmCall', ...a);
  }

  orderFinished(...a: Args<'orderFinished'>): void {
    this.send('orderFinished', ...a);
  }

  evaluationRun(...a: Args<'evaluationRun'>): void {
    this.send('evaluationRun', ...a);
  }

  providerError(...a: Args<'providerError'>): void {
    this.send('providerError', ...a);
  }

  anomaly(...a: Args<'anomaly'>): void {
    this.send('anomaly', ...a);
  }

  llmFailover(...a: Args<'llmFailover'>): void {
    this.send('llmFailover', ...a);
  }

  autopilotRun(...a: Args<'autopilotRun'>): void {
    this.send('autopilotRun', ...a);
  }

  outboxDelivered(...a: Args<'outboxDelivered'>): void {
    this.send('outboxDelivered', ...a);
  }
}
