// mlAgent, the one conversation core: a chat message in, the understood intent and platform-neutral replies out.
// Every adapter (console, Telegram, Slack) calls `handle`. It loads the chat's memory, settles confirmations, asks an
// understander (Claude when configured, the offline one otherwise or when Claude fails), runs the intent with its
// checks (schema, availability, authorisation, confirmation), and saves the memory and the history.
import { logger } from '../log.ts';
import { UserError } from '../engine/user-error.ts';
import type { ChatMessage } from './chat-message.ts';
import { cleanChatMessage } from './chat-text.ts';
import { CLAUDE_TIMEOUT_MS, ClaudeUnderstander } from './claude/claude-understander.ts';
import { CONFIRMATION_TTL_WORDS, ConfirmationStore, type StoredPending } from '../engine/chat/confirmation-store.ts';
import { invalidArgs, isAction, requiredRole, unusedArgs, type UnderstoodIntent } from './intent.ts';
import { hasRole } from '../engine/access/role.ts';
import type { AuditOutcome } from '../engine/audit/audit-log.ts';
import { writeAudit, type AuditRecord } from './audit-trail.ts';
import { namesAction } from './action-words.ts';
import { allIntents, findIntent } from './intents/index.ts';
import { ChatMemoryStore, type ChatKey } from '../engine/chat/chat-memory-store.ts';
import { parseChatState, type ChatState } from './chat-state.ts';
import { textReply, type Reply } from './reply.ts';
import { requireStoredSymbols } from '../engine/use-cases/symbol-bars.ts';
import type { AgentServices } from './services.ts';
import { OfflineUnderstander } from './understand/offline-understander.ts';
import { LlmBreaker } from './understand/llm-breaker.ts';
import type { Understander, Understanding, Vocabulary } from './understand/understander.ts';
import { newYorkDate } from '../calendar/dates.ts';
import { historyText, replyText } from './history-text.ts';
import { confirmButtons, refusal, userName } from './confirmation-text.ts';
import { performance } from 'node:perf_hooks';

const log = logger('agent');

export interface AgentResult {
  intent: UnderstoodIntent | null;
  replies: Reply[];
}

/** How an intent run ended; the Claude loop treats `invalid` as malformed tool input. */
export type RunStatus = 'ok' | 'invalid' | 'unknown' | 'unavailable' | 'refused' | 'pending' | 'user-error' | 'failed';

export interface RunOutcome {
  intent: UnderstoodIntent | null;
  replies: Reply[];
  status: RunStatus;
}

/** Intents that read a symbol's stored bars or evaluations; a symbol with no bars is refused before they run. */
const ON_STORED_DATA = new Set(['backtest', 'compare', 'predict', 'volatility', 'risk', 'regime', 'recommend', 'overbought', 'leaderboard', 'accuracy', 'evaluate']);

export const FALLBACK_NOTICE = '(the simple understander answered: the language model was unavailable)';

const YES = /^(?:y|yes|yes please|yep|yeah|confirm|confirmed|ok|okay|go|go ahead|do it|sure)[.!]*$/i;
const NO = /^(?:n|no|nope|cancel|abort|stop|don't|dont|never mind|nevermind)[.!]*$/i;

export interface HandleOptions {
  /** Sends a reply before the answer (a "busy, N ahead of you" notice); without it such notices lead the answer. */
  interim?(reply: Reply): Promise<void>;
}

export interface MlAgentOptions {
  /** Replaces the Claude understander (tests); by default Claude when `services.llm` is set. */
  llm?: Understander | null;
}

export class MlAgent {
  private readonly memory: ChatMemoryStore<ChatState>;
  private readonly confirmations: ConfirmationStore<UnderstoodIntent>;
  private readonly offline: OfflineUnderstander;
  private readonly llm: Understander | null;
  private readonly llmBreaker: LlmBreaker;
  /** Each message's channel for replies sent before its answer (a WeakMap: the message object travels the core). */
  private readonly interims = new WeakMap<ChatMessage, (reply: Reply) => Promise<void>>();

  constructor(
    private readonly services: AgentServices,
    opts: MlAgentOptions = {},
  ) {
    // one process holds an embedded database, so the chat states it wrote can be kept in memory
    this.memory = new ChatMemoryStore(services.db.db, parseChatState, { cacheStates: services.db.driver === 'pglite' });
    this.confirmations = new ConfirmationStore<UnderstoodIntent>(services.db.db);
    this.offline = new OfflineUnderstander(allIntents());
    this.llmBreaker = new LlmBreaker(services.llm?.timeoutMs ?? CLAUDE_TIMEOUT_MS);
    this.llm = opts.llm !== undefined ? opts.llm : services.llm ? new ClaudeUnderstander(services.llm, allIntents(), services.metrics) : null;
  }

  async handle(incoming: ChatMessage, opts: HandleOptions = {}): Promise<AgentResult> {
    const pressed = cleanChatMessage(incoming);
    // A button whose data is a command ("Which model?" offering `/backtest sma-cross-20-50 SPX`) runs that command.
    const message = pressed.callbackData?.startsWith('/') ? { ...pressed, text: pressed.callbackData, callbackData: undefined } : pressed;
    const early: Reply[] = [];
    this.interims.set(message, opts.interim ?? (async (reply) => void early.push(reply)));
    const key: ChatKey = { platform: message.platform, chatId: message.chatId };
    const memory = await this.memory.load(key);
    const before = JSON.stringify(memory);
    const started = performance.now();
    let result: AgentResult;
    try {
      result = (await this.settleConfirmation(message, memory)) ?? (await this.understandAndRun(message, memory, key));
    } catch (err) {
      // Memory or database trouble: never a stack trace in the chat.
      log.error({ err, platform: message.platform, chatId: message.chatId }, 'message failed');
      result = { intent: null, replies: [textReply('Sorry, something went wrong on my side; the details are in the log.')] };
    }
    if (early.length > 0) result = { ...result, replies: [...early, ...result.replies] };
    try {
      // the state (when it changed), the exchange and the history's trim in one statement, before the reply goes out
      await this.memory.saveTurn(key, JSON.stringify(memory) !== before ? memory : null, [
        { role: 'user', content: message.callbackData ? `[pressed ${message.callbackData}]` : message.text },
        { role: 'assistant', content: historyText(result.replies.map(replyText).join('\n\n') || '(no reply)') },
      ]);
    } catch (err) {
      log.error({ err, platform: message.platform, chatId: message.chatId }, 'saving chat memory failed');
    }
    this.measure(message, result, started);
    return result;
  }

  private measure(message: ChatMessage, result: AgentResult, started: number): void {
    const understander = this.llm && result.replies.at(-1)?.text !== FALLBACK_NOTICE ? 'claude' : 'offline';
    this.services.metrics?.messageHandled({ platform: message.platform, intent: result.intent?.name ?? 'none', understander, seconds: (performance.now() - started) / 1000 });
    if (this.llm && understander === 'offline') this.services.metrics?.llmFailover(); // the model failed or was skipped
  }

  /**
   * A button press or a plain yes/no answering a pending confirmation; null when the message is not one. Only the user
   * who asked may answer it: anyone else is refused by name and the request stays usable for its owner; a late answer
   * is told it expired.
   */
  private async settleConfirmation(message: ChatMessage, memory: ChatState): Promise<AgentResult | null> {
    const now = this.services.clock.now();
    const text = message.text.trim();
    let found: StoredPending<UnderstoodIntent> | null;
    let confirm: boolean;
    const cb = /^(confirm|cancel):(.+)$/.exec(message.callbackData ?? '');
    if (cb) {
      confirm = cb[1] === 'confirm';
      found = await this.confirmations.find(cb[2]!, message.platform, message.chatId); // (.+) matched
      if (!found) {
        const again = message.redelivered ? await this.answerAgain(cb[2]!, confirm, message, memory) : null;
        return again ?? { intent: null, replies: [textReply('That request was already handled or has expired; nothing was done.')] };
      }
    } else if (YES.test(text) || NO.test(text)) {
      confirm = YES.test(text);
      found = await this.confirmations.latest(message.platform, message.chatId, message.userId);
      if (!found && message.redelivered) {
        const again = await this.answerAgain(null, confirm, message, memory);
        if (again) return again;
      }
      if (!found || (found.expiresAt <= now && found.userId !== message.userId)) {
        return {
          intent: null,
          replies: [textReply(confirm ? 'There is nothing waiting for a confirmation.' : 'OK. Nothing is waiting for a confirmation, so there was nothing to cancel.')],
        };
      }
    } else return null;

    if (found.userId !== message.userId) {
      const reason = `Only ${userName(found.platform, found.userId)} can confirm or cancel this: ${found.summary}.`;
      await this.audit({ message, intent: found.intent, outcome: 'refused', reason });
      // A platform may take the buttons off the pressed message (Slack does): they come back for their owner.
      return { intent: null, replies: [textReply(reason, cb ? { buttons: confirmButtons(found.id) } : {})] };
    }
    if (found.expiresAt <= now) {
      await this.confirmations.drop(found.id);
      const reason = `That confirmation expired (a request waits ${CONFIRMATION_TTL_WORDS}); nothing was done: ${found.summary}. Ask again to do it.`;
      await this.audit({ message, intent: found.intent, outcome: 'cancelled', reason });
      return { intent: found.intent, replies: [textReply(reason)] };
    }
    const pending = await this.confirmations.take(found.id, message.platform, message.chatId, message.userId, now);
    if (!pending) return { intent: null, replies: [textReply('That request was already handled or has expired; nothing was done.')] };
    if (!confirm) {
      const reason = `Cancelled: ${pending.summary}. Nothing was done.`;
      await this.audit({ message, intent: pending.intent, outcome: 'cancelled', reason });
      return { intent: pending.intent, replies: [textReply(reason)] };
    }
    // execute checks the role again: one taken away while the request waited refuses it.
    const out = await this.execute(pending.intent, message, memory, pending.id);
    return { intent: out.intent, replies: out.replies };
  }

  /**
   * A confirmation answered by a message that a crash cut short, answered again after the restart: its first handling
   * took the confirmation and may have run the action, so the action runs again under the same confirmation id (an
   * order keeps its client order id: the broker and the book recognise it and nothing new is sent). Null when this
   * user took no such confirmation.
   */
  private async answerAgain(id: string | null, confirm: boolean, message: ChatMessage, memory: ChatState): Promise<AgentResult | null> {
    const taken = await this.confirmations.takenEarlier(id, message.platform, message.chatId, message.userId);
    if (!taken) return null;
    if (!confirm) return { intent: taken.intent, replies: [textReply(`Cancelled: ${taken.summary}. Nothing was done.`)] };
    const out = await this.execute(taken.intent, message, memory, taken.id);
    return { intent: out.intent, replies: out.replies };
  }

  private async understandAndRun(message: ChatMessage, memory: ChatState, key: ChatKey): Promise<AgentResult> {
    // Only the language model reads the history; the offline understander works from the chat's memory.
    const history = this.llm ? await this.memory.history(key) : [];
    const input = { message, memory, history, vocabulary: await this.vocabulary() };
    const runner = async (intent: UnderstoodIntent) => {
      // The language model may not put an action up that the message does not name (a vague follow-up).
      const def = findIntent(intent.name);
      if (def && isAction(def, intent.args) && !namesAction(message.text, def)) {
        const reason = `I did not put /${def.name} up for confirmation: your message does not ask for it. To do it, say it: ${def.usage}.`;
        await this.audit({ message, intent, outcome: 'refused', reason });
        return { intent, replies: [textReply(reason)], status: 'refused' as const, ok: true };
      }
      const o = await this.execute(intent, message, memory);
      return { ...o, ok: o.status !== 'invalid' && o.status !== 'unknown' };
    };
    let understanding: Understanding | undefined;
    if (this.llm && !this.llmBreaker.skipping()) {
      try {
        understanding = await this.llmBreaker.call(() => this.llm!.understand(input, runner));
      } catch (err) {
        log.warn({ err: String(err), chatId: message.chatId }, 'language model failed; the offline understander answers');
      }
    }
    // Without a model, or while it fails, the offline understander answers (and says so when a model is configured).
    const notice = this.llm && !understanding ? FALLBACK_NOTICE : null;
    understanding ??= await this.offline.understand(input);

    let result: AgentResult;
    if (understanding.kind === 'answered') result = { intent: understanding.intent, replies: understanding.replies };
    else if (understanding.kind === 'unknown') result = { intent: null, replies: [textReply(understanding.reply)] };
    else if (understanding.kind === 'ask') result = { intent: understanding.intent, replies: [understanding.reply] };
    else {
      const out = await this.execute(understanding.intent, message, memory);
      result = { intent: out.intent, replies: out.replies };
      if (understanding.note && result.replies[0]) result.replies[0] = { ...result.replies[0], text: `${understanding.note}\n${result.replies[0].text}` };
    }
    if (notice) result.replies.push(textReply(notice));
    return result;
  }

  /**
   * Runs one intent with every check; `confirmationId` is set when the user has confirmed this action. The one place
   * the audit log is written for runs: every action (asked for, done, failed) and every refusal.
   */
  async execute(intent: UnderstoodIntent, message: ChatMessage, memory: ChatState, confirmationId?: string): Promise<RunOutcome> {
    const out = await this.checkAndRun(intent, message, memory, confirmationId);
    const definition = out.intent && findIntent(out.intent.name);
    if (!out.intent || !definition) return out;
    const reason = out.replies[0]?.text ?? null;
    let outcome: AuditOutcome | null = null;
    if (out.status === 'refused' || out.status === 'pending') outcome = out.status;
    else if (isAction(definition, out.intent.args)) {
      outcome = out.status === 'ok' ? 'ok' : out.status === 'user-error' ? 'refused' : out.status === 'failed' ? 'failed' : null;
    }
    if (outcome) await this.audit({ message, intent: out.intent, outcome, reason, confirmationId });
    return out;
  }

  /** Writes one audit row; a failure to write is logged, never turned into a second answer. */
  private async audit(record: AuditRecord): Promise<void> {
    await writeAudit(this.services, record).catch((err: unknown) => log.error({ err, intent: record.intent.name }, 'writing the audit log failed'));
  }

  private async checkAndRun(intent: UnderstoodIntent, message: ChatMessage, memory: ChatState, confirmationId?: string): Promise<RunOutcome> {
    const definition = findIntent(intent.name);
    if (!definition) return { intent: null, replies: [textReply(`There is no ${intent.name} command. Send /help.`)], status: 'unknown' };
    // An argument the intent does not take ("/autopilot on ORCL": symbols) is said, not silently dropped.
    const unused = unusedArgs(definition, intent.args);
    if (unused) return { intent, replies: [textReply(unused)], status: 'invalid' };
    const checked = definition.args.safeParse(intent.args);
    if (!checked.success) {
      const { text, buttons } = invalidArgs(definition, checked.error.issues, intent.args);
      return { intent, replies: [textReply(text, buttons.length > 0 ? { buttons } : {})], status: 'invalid' };
    }
    const args = checked.data as Record<string, unknown>;
    const understood = { name: definition.name, args };
    const missing = definition.unavailable?.(this.services);
    if (missing) return { intent: understood, replies: [textReply(missing)], status: 'unavailable' };
    // The one place roles are checked: every intent, before any confirmation and again when one is answered.
    const need = requiredRole(definition, args, message);
    if (need !== 'viewer') {
      const have = await this.services.roles.roleOf(message.platform, message.userId);
      if (!hasRole(have, need)) return { intent: understood, replies: [textReply(refusal(definition.name, need, have, message))], status: 'refused' };
    }
    if (isAction(definition, args) && !confirmationId) {
      // A precheck that finds bad input says so like a handler does (one sentence), before any confirmation.
      const check =
        (await Promise.resolve(definition.precheck?.(args as never, this.services)).catch((err: unknown) => {
          if (err instanceof UserError) return { refusal: err.message, warnings: [] as string[] };
          throw err;
        })) ?? {};
      if (check.refusal) return { intent: understood, replies: [textReply(check.refusal)], status: 'refused' };
      const warnings = check.warnings?.length ? ` (${check.warnings.join('; ')})` : '';
      const summary = (definition.describeAction?.(args as never) ?? `run /${definition.name}`) + warnings;
      const pending = await this.confirmations.create(
        { platform: message.platform, chatId: message.chatId, userId: message.userId, intent: understood, summary },
        this.services.clock.now(),
      );
      // Chat platforms answer with the buttons; the console has none, so it is told to type yes or no.
      const how = message.platform === 'console' ? 'Reply yes to go ahead or no to cancel' : 'Press Confirm to go ahead or Cancel to drop it';
      const reply = textReply(`Please confirm: ${summary}. ${how} (valid for ${CONFIRMATION_TTL_WORDS}; only you can answer it).`, {
        buttons: confirmButtons(pending.id),
      });
      return { intent: understood, replies: [reply], status: 'pending' };
    }
    // A ranking request replaces the chat's ranking: one that finds nothing to rank leaves none ("the best one" then asks).
    if (definition.name === 'leaderboard' || definition.name === 'recommend') delete memory.ranking;
    try {
      // A symbol the store does not hold is said with the closest real ones before any handler runs, whatever its
      // answer would otherwise have been ("no measured leaderboard for TSLA" would hide that there is no TSLA at all).
      if (ON_STORED_DATA.has(definition.name)) {
        const named = [args.symbol, ...(Array.isArray(args.symbols) ? args.symbols : [])].filter((s): s is string => typeof s === 'string');
        await requireStoredSymbols(this.services, named);
      }
      const ran = await definition.run(args as never, { message, services: this.services, memory, confirmationId, say: this.interims.get(message) });
      const replies = definition.private ? ran.map((r) => ({ ...r, private: true })) : ran;
      memory.lastIntent = understood;
      return { intent: understood, replies, status: 'ok' };
    } catch (err) {
      if (err instanceof UserError) {
        // The request is still the chat's last one: "what about MSFT" after a refused backtest on AAPL asks the same of
        // MSFT. The memory of symbols and models is left as the handler left it (a name that was refused is not kept).
        memory.lastIntent = understood;
        return { intent: understood, replies: [textReply(err.message)], status: 'user-error' };
      }
      log.error({ err, intent: definition.name, args, platform: message.platform, chatId: message.chatId }, 'intent failed');
      return {
        intent: understood,
        replies: [textReply(`Sorry, /${definition.name} failed on my side; the details are in the log.`)],
        status: 'failed',
      };
    }
  }

  private async vocabulary(): Promise<Vocabulary> {
    const summary = await this.services.bars.summary();
    const newest: Record<string, string> = {};
    for (const s of summary) if (!newest[s.symbol] || s.last > newest[s.symbol]!) newest[s.symbol] = s.last;
    const models = this.services.models;
    // Timeframes in the order a handler prefers them (daily first), so the first is the one it reads by default.
    const order = ['1d', '1wk', '1mo', '1h', '1m'];
    const timeframes: Record<string, string[]> = {};
    for (const s of summary) (timeframes[s.symbol] ??= []).push(s.timeframe);
    for (const list of Object.values(timeframes)) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return {
      symbols: Object.keys(newest),
      newest,
      isModelId: (id) => !!models.get(id),
      // One "today" everywhere: New York's date, as the trader and the reports count days.
      today: newYorkDate(this.services.clock.now()),
      timeframes,
      models: models.all().map((m) => ({ id: m.id, output: m.output })),
    };
  }
}
