// Which chats receive which notification topics (`/subscribe alerts`, `/subscribe daily`), stored per chat.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { subscriptions, type CHAT_PLATFORMS } from '../db/schema/index.ts';
import type { Topic } from './notifier.ts';

export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

export interface ChatAddress {
  platform: ChatPlatform;
  chatId: string;
}


export class SubscriptionStore {
  constructor(private readonly db: Db) {}

  /** Subscribes a chat to a topic; returns false when it already was. */
  async subscribe(chat: ChatAddress, topic: Topic): Promise<boolean> {
    const rows = await this.db
      .insert(subscriptions)
      .values({ platform: chat.platform, chatId: chat.chatId, topic })
      .onConflictDoNothing()
      .returning({ topic: subscriptions.topic });
    return rows.length > 0;
  }

  /** Unsubscribes a chat from one topic, or from every topic when none is given; returns the topics removed. */
  async unsubscribe(chat: ChatAddress, topic?: Topic): Promise<Topic[]> {
    const where = and(
      eq(subscriptions.platform, chat.platform),
      eq(subscriptions.chatId, chat.chatId),
      topic ? eq(subscriptions.topic, topic) : undefined,
    );
    const rows = await this.db.delete(subscriptions).where(where).returning({ topic: subscriptions.topic });
    return rows.map((r) => r.topic);
  }

  /** Every chat subscribed to a topic, in a stable order. */
  async list(topic: Topic): Promise<ChatAddress[]> {
    const rows = await this.db
      .select({ platform: subscriptions.platform, chatId: subscriptions.chatId })
      .from(subscriptions)
      .where(eq(subscriptions.topic, topic))
      .orderBy(asc(subscriptions.platform), asc(subscriptions.chatId));
    return rows.map((r) => ({ platform: r.platform, chatId: r.chatId }));
  }

  /** The topics one chat is subscribed to. */
  async topicsOf(chat: ChatAddress): Promise<Topic[]> {
    const rows = await this.db
      .select({ topic: subscriptions.topic })
      .from(subscriptions)
      .where(and(eq(subscriptions.platform, chat.platform), eq(subscriptions.chatId, chat.chatId)))
      .orderBy(asc(subscriptions.topic));
    return rows.map((r) => r.topic);
  }
}
