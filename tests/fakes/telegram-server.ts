// A loopback stand-in for the Telegram Bot API (`/bot<token>/<method>`), speaking its JSON: getMe, getUpdates with
// offset confirmation and long-poll timeout, sendMessage (HTML parse mode checked, 4096 limit after parsing),
// sendPhoto (multipart upload, 1024 caption limit), answerCallbackQuery, editMessageReplyMarkup, setMyCommands,
// setWebhook/deleteWebhook. Tests push updates, read the log of what the bot sent, and turn knobs (429, 403).
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { sendJson, startLoopbackServer, type LoopbackServer } from './http-server.ts';

export interface TgUpdate {
  update_id: number;
  message?: Record<string, unknown>;
  callback_query?: Record<string, unknown>;
}

/** One call the bot made, with the answer's status and the time it arrived (epoch ms). */
export interface TgCall {
  method: string;
  status: number;
  at: number;
  params: Record<string, unknown>;
}

/** One message the bot got through (a text or a photo). */
export interface TgSent {
  method: 'sendMessage' | 'sendPhoto';
  chatId: string;
  at: number;
  messageId: number;
  /** The HTML as sent (sendMessage) or the caption (sendPhoto). */
  text: string;
  /** The visible text after HTML parsing. */
  plain: string;
  parseMode?: string;
  replyMarkup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
  photoBytes?: number;
  photoName?: string;
  /** disable_notification: the user's phone makes no sound for it. */
  silent: boolean;
}

export interface TgKnobs {
  /** The next N send calls (sendMessage/sendPhoto) are answered 429 with `retry_after`. */
  rateLimitSends: number;
  retryAfterSeconds: number;
  /** Sends to these chats are answered 403 (the user blocked the bot). */
  blockedChats: Set<string>;
  /** Longest long-poll wait, seconds (a test need not wait telegraf's 50 s to stop). */
  maxPollSeconds: number;
  /** Send calls are held unanswered (nothing delivered) until the caller gives up or dies. */
  holdSends: boolean;
  /**
   * Telegram's limits enforced as its servers do: a send to a chat less than 1 s after the last one delivered there
   * (3 s in a group), or beyond 30 delivered in the last second overall, is answered 429 with retry_after 1.
   */
  enforceLimits: boolean;
  /** Every Nth send call has its connection reset before it is read (nothing delivered); 0: never. */
  resetEvery: number;
  /** Every Nth send call is answered 429 with `retryAfterSeconds` whatever the rate (a flood wait); 0: never. */
  rateLimitEvery: number;
}

/** What the fault knobs did. */
export interface TgFaultCounts {
  held: number;
  resets: number;
  injected429: number;
  /** 429s given because a send broke the limits (the bot sent too fast). */
  limit429: number;
}

export interface TelegramFake extends LoopbackServer {
  token: string;
  /** What TELEGRAM_API_ROOT should be. */
  apiRoot: string;
  knobs: TgKnobs;
  calls: TgCall[];
  sent: TgSent[];
  commands: { command: string; description: string }[];
  webhook: { url: string; secret?: string } | null;
  /** Highest update id the bot confirmed through getUpdates' offset. */
  confirmedUpTo: number;
  /** getUpdates requests ended by a newer one (Telegram's 409 Conflict: two instances polling one bot). */
  readonly pollConflicts: number;
  faults: TgFaultCounts;
  /** Queues a text message from a user; a leading /command gets its bot_command entity. Returns the update. */
  pushMessage(chatId: number, text: string, opts?: { fromId?: number; chatType?: 'private' | 'group' | 'supergroup' }): TgUpdate;
  /** Queues a button press on a message the bot sent. */
  pushCallback(sent: TgSent, data: string, opts?: { fromId?: number }): TgUpdate;
  /** Puts an update back in the queue as if Telegram delivered it again (same update_id). */
  redeliver(update: TgUpdate): void;
  /** Posts an update to the registered webhook the way Telegram does (with the secret header). */
  deliverWebhook(update: TgUpdate): Promise<number>;
  /** Resolves when `predicate` holds on the sent log (re-checked on every send), or rejects after `timeoutMs`. */
  waitFor(predicate: (sent: TgSent[]) => boolean, timeoutMs?: number): Promise<void>;
  sentTo(chatId: number | string): TgSent[];
  /** Forgets what was sent and called (between test cases). */
  reset(): void;
}

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parses Telegram's HTML subset as the Bot API does: the visible text, or the error it answers with. */
export function parseTelegramHtml(html: string): { plain: string } | { error: string } {
  let plain = '';
  const open: string[] = [];
  for (let i = 0; i < html.length; ) {
    const ch = html[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/i.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      const [all, closing, name] = m;
      const tag = name!.toLowerCase();
      if (!ALLOWED_TAGS.has(tag)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${tag}"` };
      if (closing) {
        if (open.pop() !== tag) return { error: `Bad Request: can't parse entities: Unmatched end tag "${tag}"` };
      } else open.push(tag);
      i += all!.length;
      continue;
    }
    if (ch === '&') {
      const m = /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Character '&' is reserved` };
      const name = m[1]!;
      if (name.startsWith('#x')) plain += String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith('#')) plain += String.fromCodePoint(Number(name.slice(1)));
      else if (ENTITIES[name.toLowerCase()] !== undefined) plain += ENTITIES[name.toLowerCase()];
      else return { error: `Bad Request: can't parse entities: Unsupported HTML entity "${name}"` };
      i += m[0].length;
      continue;
    }
    if (ch === '>') return { error: `Bad Request: can't parse entities: Character '>' is reserved` };
    plain += ch;
    i++;
  }
  if (open.length > 0) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open[open.length - 1]}"` };
  return { plain };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, form-encoded or multipart parameters, as the Bot API accepts them. Files come back as {bytes, name}. */
async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return params;
  if (type.includes('application/json')) return { ...params, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) };
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') params[k] = parseMaybeJson(v);
      else params[k] = { bytes: (await v.arrayBuffer()).byteLength, name: v.name };
    }
  }
  return params;
}

function parseMaybeJson(v: string): unknown {
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export async function startTelegramFake(opts: { token?: string; username?: string } = {}): Promise<TelegramFake> {
  const token = opts.token ?? '123:abc';
  const username = opts.username ?? 'mltrainer_test_bot';
  const knobs: TgKnobs = {
    rateLimitSends: 0,
    retryAfterSeconds: 1,
    blockedChats: new Set(),
    maxPollSeconds: 2,
    holdSends: false,
    enforceLimits: false,
    resetEvery: 0,
    rateLimitEvery: 0,
  };
  const faults: TgFaultCounts = { held: 0, resets: 0, injected429: 0, limit429: 0 };
  let sendCalls = 0;
  /** Delivery times, for the limits: per chat the last one, overall those of the last second. */
  const lastDeliveredTo = new Map<string, number>();
  const deliveredRecently: number[] = [];
  const breaksLimits = (chatId: string, now: number): boolean => {
    while (deliveredRecently.length > 0 && deliveredRecently[0]! <= now - 1000) deliveredRecently.shift();
    const gap = chatId.startsWith('-') ? 3000 : 1000;
    return now - (lastDeliveredTo.get(chatId) ?? -Infinity) < gap || deliveredRecently.length >= 30;
  };
  const calls: TgCall[] = [];
  const sent: TgSent[] = [];
  const queue: TgUpdate[] = [];
  const byChat = new Map<string, TgSent[]>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  const state = {
    commands: [] as { command: string; description: string }[],
    webhook: null as { url: string; secret?: string } | null,
    confirmedUpTo: 0,
    pollConflicts: 0,
  };
  /** Ends the long poll under way with 409, as Telegram does when another getUpdates arrives. */
  let endActivePoll: (() => void) | null = null;

  const ok = (res: Parameters<typeof sendJson>[0], result: unknown) => sendJson(res, 200, { ok: true, result });
  const fail = (res: Parameters<typeof sendJson>[0], code: number, description: string, parameters?: unknown) =>
    sendJson(res, code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

  const server = await startLoopbackServer(async (req, res, url) => {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return fail(res, 404, 'Not Found');
    const [, givenToken, method] = m;
    if (method === 'sendMessage' || method === 'sendPhoto') {
      sendCalls++;
      if (knobs.resetEvery > 0 && sendCalls % knobs.resetEvery === 0) {
        faults.resets++;
        req.socket.destroy(); // the connection drops before the request is read: nothing was delivered
        return;
      }
      if (knobs.holdSends) {
        faults.held++;
        return; // never answered; the caller's socket closes when it gives up or dies
      }
    }
    const params = await readParams(req, url);
    const record = (status: number) => calls.push({ method: method!, status, at: Date.now(), params });
    if (givenToken !== token) {
      record(401);
      return fail(res, 401, 'Unauthorized');
    }
    switch (method) {
      case 'getMe':
        record(200);
        return ok(res, { id: Number(token.split(':')[0]), is_bot: true, first_name: 'mlTrainer', username, can_join_groups: true });
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        const limit = Math.min(100, Number(params.limit ?? 100));
        const timeout = Math.min(Number(params.timeout ?? 0), knobs.maxPollSeconds);
        // An offset confirms every update before it: Telegram forgets them.
        if (offset > 0) {
          state.confirmedUpTo = Math.max(state.confirmedUpTo, offset - 1);
          for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.update_id < offset) queue.splice(i, 1);
        }
        const pending = () => queue.filter((u) => u.update_id >= offset).slice(0, limit);
        if (endActivePoll) {
          state.pollConflicts++;
          endActivePoll();
        }
        let conflicted = false;
        if (pending().length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              events.off('update', done);
              req.off('close', done);
              if (endActivePoll === conflict) endActivePoll = null;
              resolve();
            };
            const conflict = () => {
              conflicted = true;
              done();
            };
            endActivePoll = conflict;
            const timer = setTimeout(done, timeout * 1000);
            events.on('update', done);
            req.on('close', done);
          });
        }
        if (conflicted) {
          record(409);
          return fail(res, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
        }
        record(200);
        if (res.destroyed) return;
        return ok(res, pending());
      }
      case 'sendMessage':
      case 'sendPhoto': {
        const chatId = String(params.chat_id);
        if (knobs.rateLimitSends > 0 || (knobs.rateLimitEvery > 0 && sendCalls % knobs.rateLimitEvery === 0)) {
          if (knobs.rateLimitSends > 0) knobs.rateLimitSends--;
          else faults.injected429++;
          record(429);
          return fail(res, 429, `Too Many Requests: retry after ${knobs.retryAfterSeconds}`, { retry_after: knobs.retryAfterSeconds });
        }
        if (knobs.enforceLimits && breaksLimits(chatId, Date.now())) {
          faults.limit429++;
          record(429);
          return fail(res, 429, 'Too Many Requests: retry after 1', { retry_after: 1 });
        }
        if (knobs.blockedChats.has(chatId)) {
          record(403);
          return fail(res, 403, 'Forbidden: bot was blocked by the user');
        }
        const isPhoto = method === 'sendPhoto';
        const raw = String((isPhoto ? params.caption : params.text) ?? '');
        let plain = raw;
        if (params.parse_mode === 'HTML') {
          const parsed = parseTelegramHtml(raw);
          if ('error' in parsed) {
            record(400);
            return fail(res, 400, parsed.error);
          }
          plain = parsed.plain;
        }
        if (!isPhoto && plain.trim().length === 0) {
          record(400);
          return fail(res, 400, 'Bad Request: message text is empty');
        }
        if (!isPhoto && plain.length > 4096) {
          record(400);
          return fail(res, 400, 'Bad Request: message is too long');
        }
        if (isPhoto && plain.length > 1024) {
          record(400);
          return fail(res, 400, 'Bad Request: message caption is too long');
        }
        const photo = params.photo as { bytes: number; name: string } | string | undefined;
        if (isPhoto && (typeof photo !== 'object' || photo.bytes === 0)) {
          record(400);
          return fail(res, 400, 'Bad Request: there is no photo in the request');
        }
        record(200);
        const deliveredAt = Date.now();
        lastDeliveredTo.set(chatId, deliveredAt);
        deliveredRecently.push(deliveredAt);
        const messageId = nextMessageId++;
        const entry: TgSent = {
          method: method as TgSent['method'],
          chatId,
          at: Date.now(),
          messageId,
          text: raw,
          plain,
          parseMode: params.parse_mode as string | undefined,
          replyMarkup: params.reply_markup as TgSent['replyMarkup'],
          // multipart form fields arrive as strings, JSON bodies as booleans
          silent: params.disable_notification === true || params.disable_notification === 'true',
          ...(isPhoto && typeof photo === 'object' ? { photoBytes: photo.bytes, photoName: photo.name } : {}),
        };
        sent.push(entry);
        const mine = byChat.get(chatId);
        if (mine) mine.push(entry);
        else byChat.set(chatId, [entry]);
        events.emit('sent');
        const chat = { id: Number(chatId), type: chatId.startsWith('-') ? 'group' : 'private' };
        return ok(res, {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          ...(isPhoto ? { photo: [{ file_id: `photo-${messageId}`, width: 800, height: 400 }], caption: plain } : { text: plain }),
          ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
        });
      }
      case 'answerCallbackQuery':
      case 'editMessageReplyMarkup':
        record(200);
        events.emit('sent');
        return ok(res, true);
      case 'setMyCommands':
        state.commands = (params.commands as { command: string; description: string }[]) ?? [];
        record(200);
        return ok(res, true);
      case 'setWebhook':
        state.webhook = { url: String(params.url), secret: params.secret_token as string | undefined };
        record(200);
        return ok(res, true);
      case 'deleteWebhook':
        state.webhook = null;
        record(200);
        return ok(res, true);
      default:
        record(404);
        return fail(res, 404, 'Not Found: method not found');
    }
  });

  const push = (update: TgUpdate) => {
    queue.push(update);
    queue.sort((a, b) => a.update_id - b.update_id);
    events.emit('update');
  };

  const fake: TelegramFake = {
    ...server,
    token,
    apiRoot: server.url,
    knobs,
    calls,
    sent,
    get commands() {
      return state.commands;
    },
    get webhook() {
      return state.webhook;
    },
    get pollConflicts() {
      return state.pollConflicts;
    },
    get confirmedUpTo() {
      return state.confirmedUpTo;
    },
    faults,
    pushMessage(chatId, text, o = {}) {
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
      const fromId = o.fromId ?? (chatId > 0 ? chatId : 42);
      const update: TgUpdate = {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          from: { id: fromId, is_bot: false, first_name: 'Test', username: `user${fromId}` },
          chat: { id: chatId, type: o.chatType ?? (chatId > 0 ? 'private' : 'group'), ...(chatId > 0 ? { first_name: 'Test' } : { title: 'Test group' }) },
          text,
          ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        },
      };
      push(update);
      return update;
    },
    pushCallback(target, data, o = {}) {
      const chatId = Number(target.chatId);
      const fromId = o.fromId ?? (chatId > 0 ? chatId : 42);
      const update: TgUpdate = {
        update_id: nextUpdateId++,
        callback_query: {
          id: `cb-${nextUpdateId}`,
          from: { id: fromId, is_bot: false, first_name: 'Test' },
          chat_instance: `ci-${chatId}`,
          data,
          message: {
            message_id: target.messageId,
            date: Math.floor(target.at / 1000),
            chat: { id: chatId, type: chatId > 0 ? 'private' : 'group' },
            from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'mlTrainer', username },
            text: target.plain,
            ...(target.replyMarkup ? { reply_markup: target.replyMarkup } : {}),
          },
        },
      };
      push(update);
      return update;
    },
    redeliver(update) {
      push(structuredClone(update));
    },
    async deliverWebhook(update) {
      if (!state.webhook) throw new Error('no webhook registered');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (state.webhook.secret) headers['x-telegram-bot-api-secret-token'] = state.webhook.secret;
      const res = await fetch(state.webhook.url, { method: 'POST', headers, body: JSON.stringify(update) });
      await res.arrayBuffer();
      return res.status;
    },
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(sent)) return;
          clearTimeout(timer);
          events.off('sent', check);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('sent', check);
          reject(new Error(`telegram fake: condition not met within ${timeoutMs} ms (${sent.length} messages sent)`));
        }, timeoutMs);
        events.on('sent', check);
        check();
      });
    },
    sentTo(chatId) {
      return [...(byChat.get(String(chatId)) ?? [])];
    },
    reset() {
      sent.length = 0;
      calls.length = 0;
      byChat.clear();
    },
    async close() {
      events.emit('update'); // release long polls
      await server.close();
    },
  };
  return fake;
}
