// The Telegram adapter (telegraf): text and commands go to the conversation core, replies come back rendered as
// HTML; button presses come back as `callbackData`. Long polling by default, or a webhook on the shared HTTP port
// with the secret header checked. Every update is recorded in the database before telegraf confirms it to Telegram,
// so a redelivery (a restart, a retry) is never answered twice and one a crash cut short is answered after the
// restart. Replies go out through the same pacer as the notifier's alerts, retried until delivered.
import type { SharedPace } from '../notifier/redis-pace.ts';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { Telegraf } from 'telegraf';
import type { BotCommand, Update } from 'telegraf/types';
import type { Reply } from '../../agent/reply.ts';
import { logger } from '../../log.ts';
import type { HttpServer } from '../http/http-server.ts';
import type { FloodLimits } from '../inbound/chat-flood-gate.ts';
import { InboundPipeline, type ChatCore, type SendOutcome, type UpdateJournal } from '../inbound/inbound-pipeline.ts';
import { sendPaced } from '../inbound/paced-send.ts';
import { PlatformPacer, TELEGRAM_LIMITS, type PaceLimits } from '../notifier/platform-pacer.ts';
import type { Clock } from '../../engine/clock.ts';
import { CallbackDataBook } from './callback-data-book.ts';
import { redactTelegramError } from './telegram-errors.ts';
import { TelegramSender } from './telegram-sender.ts';

const log = logger('telegram');

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  /** Webhook mode when set (the public URL Telegram posts to); long polling otherwise. */
  webhookUrl?: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; a random one is used when not configured. */
  webhookSecret?: string;
  core: ChatCore;
  journal: UpdateJournal;
  /** The platform's sending limits, shared by replies and the notifier (default Telegram's). */
  limits?: PaceLimits;
  /** The shared HTTP server (webhook mode). */
  http?: HttpServer;
  /** The commands offered in Telegram's menu (setMyCommands). */
  commands: readonly BotCommand[];
  flood?: FloodLimits;
  /**
   * Several instances on one database: only the holder of this lock long-polls (Telegram serves one getUpdates
   * consumer) and answers what a dead poller left unanswered; the others check again every `leadershipCheckMs` and
   * take over. Absent: this instance polls (one process per embedded database).
   */
  pollLeadership?: { ensure(): Promise<boolean>; release(): Promise<void> };
  leadershipCheckMs?: number;
  /** Limits shared with the other instances of this bot (REDIS_URL). */
  sharedPace?: SharedPace;
  /** What the pacing reads the time from (default the wall clock; tests move it past a chat's gap). */
  clock?: Clock;
}

export const LEADERSHIP_CHECK_MS = 10_000;

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export class TelegramAdapter {
  private stopping = false;
  readonly bot: Telegraf;
  readonly sender: TelegramSender;
  /** Paces every message to Telegram: replies here, alerts in the notifier. */
  readonly pacer: PlatformPacer;
  private readonly inbound: InboundPipeline<string>;
  private polling: Promise<void> | undefined;
  private username = '';
  private leadershipTimer?: NodeJS.Timeout;
  private leading: Promise<void> | null = null;

  constructor(private readonly opts: TelegramAdapterOptions) {
    // webhookReply off: answers always go through the API, not as the webhook's HTTP response.
    this.bot = new Telegraf(opts.token, { telegram: { apiRoot: opts.apiRoot, webhookReply: false } });
    this.sender = new TelegramSender(this.bot.telegram, opts.token, new CallbackDataBook());
    this.pacer = new PlatformPacer(opts.limits ?? TELEGRAM_LIMITS, (id) => this.sender.isGroup(id), opts.clock, opts.sharedPace);
    this.inbound = new InboundPipeline<string>({
      platform: 'telegram',
      core: opts.core,
      journal: opts.journal,
      flood: opts.flood,
      send: (reply, chatId) => this.send(chatId, reply),
      sendNotice: (chatId, reply) => this.send(chatId, reply).then(() => undefined),
      targetFromJournal: (stored) => (typeof stored === 'string' && stored !== '' ? stored : null),
    });
    this.bot.catch((err, ctx) => {
      log.error({ err: this.redact(err), updateId: ctx.update.update_id }, 'telegram update failed');
    });
    this.bot.on('message', (ctx) => this.onMessage(ctx.update as Update.MessageUpdate));
    this.bot.on('callback_query', (ctx) => this.onCallback(ctx.update as Update.CallbackQueryUpdate));
  }

  get mode(): 'webhook' | 'polling' {
    return this.opts.webhookUrl ? 'webhook' : 'polling';
  }

  /**
   * Checks the token (getMe), registers the commands, queues what a previous process received but did not answer,
   * then starts polling or the webhook.
   */
  async start(): Promise<void> {
    try {
      this.bot.botInfo = await this.bot.telegram.getMe();
      this.username = this.bot.botInfo.username ?? '';
      await this.bot.telegram.setMyCommands(this.opts.commands);
    } catch (err) {
      throw this.redact(err);
    }
    if (this.opts.webhookUrl) {
      await this.inbound.resume();
      await this.startWebhook(this.opts.webhookUrl);
    } else {
      await this.checkLeadership();
      if (this.opts.pollLeadership) {
        this.leadershipTimer = setInterval(() => void this.checkLeadership(), this.opts.leadershipCheckMs ?? LEADERSHIP_CHECK_MS).unref();
      }
    }
    log.info({ mode: this.mode, bot: this.username, polling: !!this.polling }, 'telegram adapter started');
  }

  /** Answers the updates another instance on the same database received but left unanswered when it died. */
  answerLeftBehind(): Promise<number> {
    return this.stopping ? Promise.resolve(0) : this.inbound.resume();
  }

  /** Whether this instance long-polls now. */
  get isPolling(): boolean {
    return this.polling !== undefined;
  }

  /** Polls when this instance holds (or takes) the poll lock; stops polling when it lost it. One check at a time. */
  private checkLeadership(): Promise<void> {
    this.leading ??= (async () => {
      if (this.stopping) return;
      const lead = this.opts.pollLeadership ? await this.opts.pollLeadership.ensure().catch(() => false) : true;
      if (lead && !this.polling) {
        // What the previous poller received but did not answer is this poller's now.
        await this.inbound.resume();
        // launch() resolves only when polling stops; it must not be awaited here.
        this.polling = this.bot
          .launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false })
          .catch((err: unknown) => log.error({ err: this.redact(err) }, 'telegram polling stopped'));
        if (this.opts.pollLeadership) log.info('this instance now long-polls Telegram');
      } else if (!lead && this.polling) {
        log.warn('the Telegram poll lock was lost: this instance stops polling and waits');
        await this.stopPolling();
      } else if (!lead) log.debug('another instance long-polls Telegram; this one waits');
    })().finally(() => (this.leading = null));
    return this.leading;
  }

  private async stopPolling(): Promise<void> {
    if (!this.polling) return;
    this.bot.stop('shutdown');
    await this.polling;
    this.polling = undefined;
  }

  async stop(): Promise<void> {
    // Webhook updates from now on get 503, so Telegram delivers them again later instead of to a closing process.
    this.stopping = true;
    clearInterval(this.leadershipTimer);
    await this.leading;
    await this.stopPolling();
    await this.opts.pollLeadership?.release().catch(() => undefined);
    await this.inbound.stop();
    await this.pacer.stop();
  }

  private async startWebhook(webhookUrl: string): Promise<void> {
    if (!this.opts.http) throw new Error('webhook mode needs the shared HTTP server');
    const path = new URL(webhookUrl).pathname || '/';
    const secret = this.opts.webhookSecret ?? randomBytes(32).toString('hex');
    const callback = this.bot.webhookCallback(path);
    this.opts.http.mount(path, async (req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      if (this.stopping) {
        res.writeHead(503).end();
        return;
      }
      if (!secretMatches(req, secret)) {
        log.warn({ path }, 'telegram webhook request without the right secret refused');
        res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
        return;
      }
      await callback(req, res);
    });
    try {
      await this.bot.telegram.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    } catch (err) {
      throw this.redact(err);
    }
  }

  /** Resolves once the update is recorded: telegraf confirms it to Telegram only then. */
  private async onMessage(update: Update.MessageUpdate): Promise<void> {
    const msg = update.message;
    if (!('text' in msg) || !msg.from || msg.from.is_bot) return;
    const text = this.addressedText(msg.text, msg.chat.type);
    if (text === null) return;
    const chatId = String(msg.chat.id);
    const message = { platform: 'telegram' as const, chatId, userId: String(msg.from.id), text };
    await this.inbound.receive({ key: String(update.update_id), chatId, message, target: chatId });
  }

  private async onCallback(update: Update.CallbackQueryUpdate): Promise<void> {
    const cq = update.callback_query;
    if (!('data' in cq) || !cq.message) return;
    const chatId = String(cq.message.chat.id);
    const messageId = cq.message.message_id;
    const buttons = 'reply_markup' in cq.message ? (cq.message.reply_markup?.inline_keyboard.flat() ?? []) : [];
    const label = buttons.find((b) => 'callback_data' in b && b.callback_data === cq.data)?.text ?? cq.data;
    // Stop the button's spinner at once, not after the chat's earlier messages are answered (answering twice is harmless).
    void this.bot.telegram.answerCbQuery(cq.id).catch((err: unknown) => log.warn({ err: this.redact(err) }, 'answerCallbackQuery failed'));
    const message = { platform: 'telegram' as const, chatId, userId: String(cq.from.id), text: label, callbackData: this.sender.book.fromButton(cq.data) };
    await this.inbound.receive({
      key: String(update.update_id),
      chatId,
      message,
      target: chatId,
      // Take the keyboard away, so a confirmation cannot be pressed twice.
      before: () =>
        this.bot.telegram
          .editMessageReplyMarkup(chatId, messageId, undefined, { inline_keyboard: [] })
          .then(() => undefined)
          .catch((err: unknown) => log.debug({ err: this.redact(err) }, 'keyboard not removed')),
    });
  }

  /** Sends one reply's parts in order, paced and retried; stops at the first that cannot be delivered. */
  private async send(chatId: string, reply: Reply): Promise<SendOutcome> {
    for (const part of this.sender.render(reply)) {
      const outcome = await sendPaced(chatId, () => this.sender.sendPart(chatId, part), { pacer: this.pacer, stopping: () => this.stopping });
      if (outcome !== 'sent') return outcome;
    }
    return 'sent';
  }

  /** The text meant for this bot, or null: in groups only commands (ours or unaddressed) and @mentions count. */
  private addressedText(text: string, chatType: string): string | null {
    const command = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text);
    if (command) return command[1]!.toLowerCase() === this.username.toLowerCase() ? text : null;
    if (chatType === 'private' || text.startsWith('/')) return text;
    const mention = `@${this.username}`;
    if (this.username && text.toLowerCase().includes(mention.toLowerCase())) {
      return text.replace(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig'), '').trim();
    }
    return null;
  }

  private redact(err: unknown): Error {
    return redactTelegramError(err, this.opts.token);
  }
}

function secretMatches(req: http.IncomingMessage, secret: string): boolean {
  const given = req.headers['x-telegram-bot-api-secret-token'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
