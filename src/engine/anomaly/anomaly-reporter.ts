// Raises anomalies: each key once (stored first, so a restart or a second instance does not raise it again), then
// counted in the metrics and sent to the chats subscribed to alerts as an `anomaly` event. Never throws: a watcher
// failing to alert must not stop an import, a pull or trading.
import { logger } from '../../log.ts';
import type { Clock } from '../clock.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { Anomaly } from './anomaly.ts';
import type { AnomalyStore } from './anomaly-store.ts';

const log = logger('anomaly');

export class AnomalyReporter {
  constructor(
    private readonly d: { store: AnomalyStore; notifier: Notifier; metrics: AppMetrics; clock: Clock },
  ) {}

  /** Raises each anomaly not raised before; returns those newly raised. */
  async report(found: readonly Anomaly[]): Promise<Anomaly[]> {
    const raised: Anomaly[] = [];
    for (const a of found) {
      try {
        if (!(await this.d.store.add(a, this.d.clock.now()))) continue;
        raised.push(a);
        this.d.metrics.anomaly(a.rule);
        log.warn({ rule: a.rule, key: a.key }, a.text);
        await emitEvent(this.d.notifier, { type: 'anomaly', anomaly: a });
      } catch (err) {
        log.error({ err, key: a.key }, 'anomaly not raised');
      }
    }
    return raised;
  }
}
