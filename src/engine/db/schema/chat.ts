// Tables of the conversation core: per-chat memory, bounded message history, pending confirmations,
// received platform updates (answered once: a redelivery is recognised, a crash's leftovers are answered after a restart) and subscriptions.
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ALERT_KINDS, ALERT_MODES } from '../../notify/alert-kinds.ts';
import { TOPICS } from '../../notify/notifier.ts';

export const chatMemory = pgTable(
  'chat_memory',
  {
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    /** Last symbol, model, models, backtest summary and other follow-up context, as a JSON object. */
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    role: text('role').notNull(), // 'user' | 'assistant'
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('chat_messages_chat_idx').on(t.platform, t.chatId, t.id)],
);

export const pendingConfirmations = pgTable('pending_confirmations', {
  id: text('id').primaryKey(),
  platform: text('platform').notNull(),
  chatId: text('chat_id').notNull(),
  userId: text('user_id').notNull(),
  intent: jsonb('intent').$type<{ name: string; args: Record<string, unknown> }>().notNull(),
  summary: text('summary').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** When its owner answered it; a taken confirmation is kept a day so a message replayed after a crash finds it. */
  takenAt: timestamp('taken_at', { withTimezone: true, mode: 'date' }),
});

export const handledUpdates = pgTable(
  'handled_updates',
  {
    platform: text('platform').notNull(),
    updateKey: text('update_key').notNull(),
    /** When the update was received (recorded before the platform is told it arrived). */
    handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    chatId: text('chat_id'),
    /** The message and where to answer it, kept until it is answered, so a restart answers what a crash left. */
    message: jsonb('message').$type<Record<string, unknown>>(),
    target: jsonb('target').$type<unknown>(),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    /** The process answering it (InstancePresence id): another takes it over only once that process is gone. */
    owner: text('owner'),
    /** Parts of a multi-part answer already delivered: an answer cut short resumes after them, not from the start. */
    repliesSent: integer('replies_sent').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.platform, t.updateKey] })],
);

/** The chat platforms alerts go to. */
export const CHAT_PLATFORMS = ['telegram', 'slack', 'console'] as const;
/** An outbox row moves pending -> sending -> sent | failed. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export const subscriptions = pgTable(
  'subscriptions',
  {
    platform: text('platform', { enum: CHAT_PLATFORMS }).notNull(),
    chatId: text('chat_id').notNull(),
    topic: text('topic', { enum: TOPICS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId, t.topic] })],
);

/** A chat's choice per alert kind (on, silent, off); a kind without a row takes its default (notify/alert-kinds.ts). */
export const alertSettings = pgTable(
  'alert_settings',
  {
    platform: text('platform', { enum: CHAT_PLATFORMS }).notNull(),
    chatId: text('chat_id').notNull(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    mode: text('mode', { enum: ALERT_MODES }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId, t.kind] })],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The event this message belongs to; (eventKey, platform, chatId) is unique, so an event reaches a chat once. */
    eventKey: text('event_key').notNull(),
    topic: text('topic', { enum: TOPICS }).notNull(),
    platform: text('platform', { enum: CHAT_PLATFORMS }).notNull(),
    chatId: text('chat_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.status, t.nextAttemptAt),
    // The at-most-once rule lives in the database: a second insert of an event for a chat is a no-op.
    uniqueIndex('outbox_event_chat_uq').on(t.eventKey, t.platform, t.chatId),
  ],
);
