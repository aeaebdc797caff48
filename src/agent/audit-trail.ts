// What the core writes to the audit log for one run of an intent: every action (asked for, done, failed) and every
// refusal, with the user, the chat, the arguments, the outcome and its sentence, and the orders it placed.
import type { AuditOutcome } from '../engine/audit/audit-log.ts';
import type { ChatMessage } from './chat-message.ts';
import type { UnderstoodIntent } from './intent.ts';
import type { AgentServices } from './services.ts';

/** The longest reason kept: the first sentence of an answer is enough to know what happened. */
const REASON_CHARS = 300;

export interface AuditRecord {
  message: ChatMessage;
  intent: UnderstoodIntent;
  outcome: AuditOutcome;
  /** The answer the user got (refusal, failure, or what was done). */
  reason: string | null;
  /** Set when a confirmed action ran: its orders carry it in their decision key. */
  confirmationId?: string;
}

export async function writeAudit(services: AgentServices, r: AuditRecord): Promise<void> {
  const { message, intent } = r;
  await services.audit.append({
    at: new Date(services.clock.now()),
    who: message.platform === 'console' ? 'console' : `${message.platform}:${message.userId}`,
    platform: message.platform,
    chatId: message.chatId,
    intent: intent.name,
    args: intent.args,
    outcome: r.outcome,
    reason: r.reason === null ? null : r.reason.length > REASON_CHARS ? `${r.reason.slice(0, REASON_CHARS - 3)}...` : r.reason,
    orderIds: r.outcome === 'ok' ? await orderIdsOf(services, r) : [],
  });
}

/** The ids of the orders a confirmed action made (or the one it cancelled). */
async function orderIdsOf(services: AgentServices, r: AuditRecord): Promise<string[]> {
  if (r.intent.name === 'cancel' && typeof r.intent.args.id === 'string') return [r.intent.args.id.replace(/^#/, '')];
  if (!r.confirmationId || !services.trader) return [];
  // The chat's order intents key their orders `chat:<platform>:<chat>:<confirmation id>` (closing all: one per symbol).
  const key = `chat:${r.message.platform}:${r.message.chatId}:${r.confirmationId}`;
  const orders = await services.trader.listOrders('all');
  return orders.filter((o) => o.decisionKey === key || o.decisionKey?.startsWith(`${key}:`)).map((o) => String(o.id));
}
