// Each chat's choice per alert kind (on, silent, off), kept in `alert_settings`; a kind the chat never set takes its
// default. Read in one query per alert for every subscribed chat, so the fan-out stays one round trip.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { alertSettings } from '../db/schema/index.ts';
import { ALERT_KINDS, DEFAULT_ALERT_MODES, type AlertKind, type AlertMode } from './alert-kinds.ts';
import type { ChatAddress } from './subscription-store.ts';

const chatKey = (c: ChatAddress) => `${c.platform}\u0000${c.chatId}`;

export class AlertSettingsStore {
  constructor(private readonly db: Db) {}

  /** The chat's mode for every kind, defaults filled in. */
  async modesOf(chat: ChatAddress): Promise<Record<AlertKind, AlertMode>> {
    const rows = await this.db
      .select({ kind: alertSettings.kind, mode: alertSettings.mode })
      .from(alertSettings)
      .where(and(eq(alertSettings.platform, chat.platform), eq(alertSettings.chatId, chat.chatId)));
    const modes = { ...DEFAULT_ALERT_MODES };
    for (const r of rows) modes[r.kind] = r.mode;
    return modes;
  }

  /** Sets one kind, or every kind, for the chat. */
  async set(chat: ChatAddress, kind: AlertKind | 'all', mode: AlertMode, now: Date): Promise<void> {
    const kinds = kind === 'all' ? ALERT_KINDS : [kind];
    await this.db
      .insert(alertSettings)
      .values(kinds.map((k) => ({ platform: chat.platform, chatId: chat.chatId, kind: k, mode, updatedAt: now })))
      .onConflictDoUpdate({ target: [alertSettings.platform, alertSettings.chatId, alertSettings.kind], set: { mode: sql`excluded.mode`, updatedAt: now } });
  }

  /** Each chat's mode for one kind (its default where the chat set none). */
  async modesFor(chats: readonly ChatAddress[], kind: AlertKind): Promise<Map<string, AlertMode>> {
    const out = new Map(chats.map((c) => [chatKey(c), DEFAULT_ALERT_MODES[kind]] as const));
    if (chats.length === 0) return out;
    const rows = await this.db
      .select({ platform: alertSettings.platform, chatId: alertSettings.chatId, mode: alertSettings.mode })
      .from(alertSettings)
      .where(and(eq(alertSettings.kind, kind), inArray(alertSettings.chatId, [...new Set(chats.map((c) => c.chatId))])));
    for (const r of rows) {
      const key = `${r.platform}\u0000${r.chatId}`;
      if (out.has(key)) out.set(key, r.mode);
    }
    return out;
  }

  static keyOf(chat: ChatAddress): string {
    return chatKey(chat);
  }
}
