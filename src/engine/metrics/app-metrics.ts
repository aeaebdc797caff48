// The port the engine, the agent and the bots record their measurements through (Prometheus behind it in the running
// bot, nothing in tests and one-shot commands). Labels are names from fixed sets (platforms, intents, brokers,
// statuses), never user text, chat ids or secrets.
export interface AppMetrics {
  /** One chat message answered by the core. */
  messageHandled(m: { platform: string; intent: string; understander: 'claude' | 'offline'; seconds: number }): void;
  /** One call of the language model: its outcome and the tokens it used. */
  llmCall(m: { outcome: 'ok' | 'error'; inputTokens: number; outputTokens: number }): void;
  /** An order reached a final status (filled, cancelled, rejected, expired). */
  orderFinished(m: { broker: string; side: string; status: string }): void;
  /** A walk-forward evaluation run (of any number of models) and how long it took. */
  evaluationRun(m: { tasks: number; seconds: number }): void;
  /** A data provider's pull failed. */
  providerError(provider: string): void;
  /** An anomaly was raised, by the rule that found it. */
  anomaly(rule: string): void;
  /** The language model failed (or was skipped while failing) and the offline understander answered instead. */
  llmFailover(): void;
  /** The autopilot ran a session: its decisions and how many changed a symbol's models. */
  autopilotRun(m: { decisions: number; modelChanges: number }): void;
  /** An alert or report reached a chat: seconds from being queued to being sent. */
  outboxDelivered(m: { platform: string; seconds: number }): void;
}

export const NO_METRICS: AppMetrics = {
  messageHandled: () => undefined,
  llmCall: () => undefined,
  orderFinished: () => undefined,
  evaluationRun: () => undefined,
  providerError: () => undefined,
  anomaly: () => undefined,
  llmFailover: () => undefined,
  autopilotRun: () => undefined,
  outboxDelivered: () => undefined,
};
