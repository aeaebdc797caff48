// A Notifier that forwards to the delivery chosen later (the platforms' outbox, or the console): the trader and the
// autopilot are built before the adapters start, and nothing they announce in between is lost.
import type { Notifier, OutboundMessage, Topic } from './notifier.ts';

export class NotifierRelay implements Notifier {
  private target?: Notifier;
  private readonly waiting: { topic: Topic; message: OutboundMessage }[] = [];

  async notify(topic: Topic, message: OutboundMessage): Promise<void> {
    if (this.target) return this.target.notify(topic, message);
    this.waiting.push({ topic, message });
  }

  /** Sets where messages go, and delivers what arrived before. */
  async setTarget(target: Notifier): Promise<void> {
    this.target = target;
    for (const { topic, message } of this.waiting.splice(0)) await target.notify(topic, message);
  }
}
