// The outbound port: the trader, the autopilot and the reports push messages to subscribed chats through it.
// The bots implement it (persistent outbox, per-platform rate limits); the engine only knows this interface.

import type { AlertKind } from './alert-kinds.ts';

export const TOPICS = ['alerts', 'daily'] as const;
export type Topic = (typeof TOPICS)[number];

export interface OutboundMessage {
  /** Identifies the event (e.g. `fill:<order id>`, `daily:2020-04-17`): a chat gets each event at most once. */
  eventKey: string;
  text: string;
  /** A monospace block (tables). */
  code?: string;
  /** Path of a PNG to attach. */
  image?: string | null;
  /** An alert's kind: each chat may take it on, silent (no sound) or off (/notify); reports have none. */
  kind?: AlertKind;
}

export interface Notifier {
  notify(topic: Topic, message: OutboundMessage): Promise<void>;
}

/** Collects notifications in memory: for replays and tests that run without any chat platform. */
export class MemoryNotifier implements Notifier {
  readonly sent: { topic: Topic; message: OutboundMessage }[] = [];
  async notify(topic: Topic, message: OutboundMessage): Promise<void> {
    this.sent.push({ topic, message });
  }
}
