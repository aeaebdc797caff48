// The notifier when no chat platform is configured: alerts and reports are printed on the console instead.
import type { Writable } from 'node:stream';
import type { Notifier, OutboundMessage, Topic } from '../../engine/notify/notifier.ts';
import { printAbovePrompt } from '../console/console-chat.ts';

export class ConsoleNotifier implements Notifier {
  private readonly seen = new Set<string>();

  constructor(private readonly output: Writable) {}

  async notify(topic: Topic, message: OutboundMessage): Promise<void> {
    if (this.seen.has(message.eventKey)) return; // one event, one print
    this.seen.add(message.eventKey);
    const lines = [`[${topic}] ${message.text}`];
    if (message.code) lines.push(message.code);
    if (message.image) lines.push(`[chart: ${message.image}]`);
    printAbovePrompt(this.output, lines.join('\n') + '\n');
  }
}
