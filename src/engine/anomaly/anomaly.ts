// An anomaly: something in the data, the trading or the process that looks wrong, named by the rule that found it.
// Each is raised once (its key), alerted through the notifier (alert kind `anomaly`) and counted in a metric.

export const ANOMALY_RULES = [
  // data
  'return-outlier',
  'ohlc-inconsistent',
  'data-gap',
  'stale-data',
  'provider-failing',
  // models and trading
  'order-stuck',
  'equity-move',
  'live-drift',
  // the process
  'outbox-backlog',
  'event-loop-lag',
  'llm-failover',
  'missed-run',
] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];

export interface Anomaly {
  rule: AnomalyRule;
  /** Identifies it (rule, subject, date or hour): the same key is raised once. */
  key: string;
  /** The sentence a chat reads: what was seen, on what, and what to check. */
  text: string;
}
