// The port between the notifier and a platform: how an outbox payload becomes platform messages and how one of
// them is sent. Implemented by the Telegram and Slack senders.
import type { OutboxPayload } from '../../engine/notify/outbox-store.ts';
import type { ChatPlatform } from '../../engine/notify/subscription-store.ts';

export interface DeliveryChannel<Part = unknown> {
  readonly platform: ChatPlatform;
  /** The messages one payload becomes, in order (a long text splits, a chart is its own upload). */
  partsOf(payload: OutboxPayload): Part[];
  /** Sends one part; throws a DeliveryError saying what went wrong. */
  sendPart(chatId: string, part: Part): Promise<void>;
  /** Group chats have a stricter per-chat limit on Telegram. */
  isGroup(chatId: string): boolean;
}
