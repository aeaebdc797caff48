// The Slack adapter (@slack/bolt): the `/ml <text>` slash command, app mentions and direct messages go to the
// conversation core; replies go back as Block Kit, charts as file uploads, confirmations as buttons whose action
// returns to the core as `callbackData`. Over HTTP, Bolt's HTTPReceiver listens at /slack/events on the shared
// port (signature and 5-minute timestamp checked: 401 otherwise); Socket Mode when an app token is set. Each
// request is acknowledged at once and claimed in the database, so a replayed or retried one runs only once.
import type { SharedPace } from '../notifier/redis-pace.ts';
import { App, HTTPReceiver, webApi, type SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { allIntents } from '../../agent/intents/index.ts';
import type { ChatMessage } from '../../agent/chat-message.ts';
import type { Reply } from '../../agent/reply.ts';
import { logger } from '../../log.ts';
import type { HttpServer } from '../http/http-server.ts';
import type { FloodLimits } from '../inbound/chat-flood-gate.ts';
import { InboundPipeline, type ChatCore, type SendOutcome, type UpdateJournal } from '../inbound/inbound-pipeline.ts';
import { sendPaced } from '../inbound/paced-send.ts';
import { DeliveryError } from '../notifier/delivery-error.ts';
import { PlatformPacer, SLACK_LIMITS, type PaceLimits } from '../notifier/platform-pacer.ts';
import type { Clock } from '../../engine/clock.ts';
import { BUTTON_ACTION_PREFIX, renderSlackReply } from './slack-blocks.ts';
import { slackCommands } from './slack-commands.ts';
import { boltLogger } from './slack-logger.ts';
import { SlackSender } from './slack-sender.ts';

const REQUEST_WINDOW_SEC = 5 * 60;

function withinFiveMinutes(header: string | string[] | undefined): boolean {
  const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : NaN;
  return Number.isFinite(ts) && Math.abs(Date.now() / 1000 - ts) <= REQUEST_WINDOW_SEC;
}

const log = logger('slack');

export const SLACK_EVENTS_PATH = '/slack/events';
export const SLASH_COMMAND = '/ml';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** The Web API base URL (SLACK_API_URL). */
  apiUrl: string;
  core: ChatCore;
  journal: UpdateJournal;
  /** The platform's sending limits, shared by replies and the notifier (default Slack's). */
  limits?: PaceLimits;
  /** The shared HTTP server (HTTP mode). */
  http?: HttpServer;
  flood?: FloodLimits;
  /** Limits shared with the other instances of this bot (REDIS_URL). */
  sharedPace?: SharedPace;
  /** What the pacing reads the time from (default the wall clock; tests move it past a chat's gap). */
  clock?: Clock;
}

/** Where an answer goes; plain JSON, kept in the update journal until the answer is out. */
interface Target {
  channel: string;
  threadTs?: string;
  /** The user who asked: a private answer outside a DM is shown only to them. */
  user: string;
  /** A slash command's response_url (answers go there first, in the channel). */
  responseUrl?: string;
}

const targetSchema = z.object({ channel: z.string().min(1), threadTs: z.string().optional(), user: z.string(), responseUrl: z.string().url().optional() });

/** Direct-message channel ids start with D: there a private answer needs no hiding. */
const isDirectMessage = (channel: string) => channel.startsWith('D');

export class SlackAdapter {
  readonly app: App;
  readonly sender: SlackSender;
  /** Paces every message to Slack: replies here, alerts in the notifier. */
  readonly pacer: PlatformPacer;
  private readonly receiver?: HTTPReceiver;
  private readonly inbound: InboundPipeline<Target>;
  private stopped = false;

  constructor(private readonly opts: SlackAdapterOptions) {
    // Retries bounded and 429s handed back to us (we wait the Retry-After ourselves, capped), so a chat never hangs.
    const clientOptions = {
      slackApiUrl: opts.apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
    };
    const common = { token: opts.botToken, clientOptions, logger: boltLogger(), deferInitialization: true } as const;
    if (opts.appToken) {
      this.app = new App({ ...common, appToken: opts.appToken, socketMode: true });
    } else {
      this.receiver = new HTTPReceiver({
        signingSecret: opts.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: false,
        logger: boltLogger(),
      });
      this.app = new App({ ...common, receiver: this.receiver });
    }
    this.sender = new SlackSender(new webApi.WebClient(opts.botToken, clientOptions));
    this.pacer = new PlatformPacer(opts.limits ?? SLACK_LIMITS, undefined, opts.clock, opts.sharedPace);
    this.inbound = new InboundPipeline<Target>({
      platform: 'slack',
      core: opts.core,
      journal: opts.journal,
      flood: opts.flood,
      send: (reply, target) => this.deliver(reply, target),
      sendNotice: (channel, reply) => this.deliver(reply, { channel, user: '' }).then(() => undefined),
      // Slack wants its acknowledgement within 3 s (it sends the request again if it gets none).
      recordRetryMs: 2_000,
      targetFromJournal: (stored) => {
        const parsed = targetSchema.safeParse(stored);
        return parsed.success ? parsed.data : null;
      },
    });
    this.app.error(async (err) => {
      log.error({ err }, 'slack request failed');
    });
    this.listen();
  }

  get mode(): 'socket' | 'http' {
    return this.opts.appToken ? 'socket' : 'http';
  }

  /**
   * Checks the token (auth.test), queues what a previous process received but did not answer, then mounts the
   * receiver on the shared port or opens the socket.
   */
  async start(): Promise<void> {
    await this.app.init();
    await this.inbound.resume();
    if (this.receiver) {
      if (!this.opts.http) throw new Error('Slack over HTTP needs the shared HTTP server');
      const listener = this.receiver.requestListener;
      this.opts.http.mount(SLACK_EVENTS_PATH, (req, res) => {
        if (this.stopped) return void res.writeHead(503).end();
        if (req.method !== 'POST') return void res.writeHead(405).end();
        // Bolt refuses requests older than 5 minutes but not ones dated ahead: a signed request is good for 5 minutes
        // either side of now, no more, so a captured one cannot be held back and replayed later.
        if (!withinFiveMinutes(req.headers['x-slack-request-timestamp'])) return void res.writeHead(401).end();
        listener(req, res);
      });
    } else {
      await this.app.start();
    }
    log.info({ mode: this.mode }, 'slack adapter started');
  }

  /** Answers the updates another instance on the same database received but left unanswered when it died. */
  answerLeftBehind(): Promise<number> {
    return this.stopped ? Promise.resolve(0) : this.inbound.resume();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.receiver) await this.app.stop().catch(() => undefined);
    await this.inbound.stop();
    await this.pacer.stop();
  }

  private listen(): void {
    // Each request is recorded before it is acknowledged: Slack sends it again when no acknowledgement came.
    this.app.command(SLASH_COMMAND, async ({ command, ack }: SlackCommandMiddlewareArgs) => {
      await this.accept(`trigger:${command.trigger_id}`, command.channel_id, {
        platform: 'slack',
        chatId: command.channel_id,
        userId: command.user_id,
        text: asCommandText(command.text),
      }, { channel: command.channel_id, user: command.user_id, responseUrl: command.response_url });
      await ack();
    });

    this.app.event('app_mention', async ({ event, body }) => {
      if (!event.user) return;
      await this.accept(`event:${(body as { event_id?: string }).event_id ?? event.ts}`, event.channel, {
        platform: 'slack',
        chatId: event.channel,
        userId: event.user,
        text: asCommandText(event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim()),
      }, { channel: event.channel, user: event.user, threadTs: event.thread_ts });
    });

    this.app.message(async ({ message, body }) => {
      // Direct messages only, from people (not bots, not edits); channel messages come as app mentions.
      const m = message as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string };
      if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || !m.text) return;
      await this.accept(`event:${(body as { event_id?: string }).event_id ?? m.ts}`, m.channel, {
        platform: 'slack',
        chatId: m.channel,
        userId: m.user,
        text: asCommandText(m.text),
      }, { channel: m.channel, user: m.user });
    });

    this.app.action(new RegExp(`^${BUTTON_ACTION_PREFIX}`), async ({ ack, body, action, respond }) => {
      if (action.type !== 'button' || body.type !== 'block_actions' || !('text' in action)) return void (await ack());
      const channel = body.channel?.id ?? body.container?.channel_id;
      if (!channel) return void (await ack());
      // Take the buttons off the message, so a confirmation cannot be pressed twice.
      const original = body.message as { text?: string; blocks?: { type: string }[] } | undefined;
      if (original?.blocks) {
        respond({ replace_original: true, text: original.text ?? '', blocks: original.blocks.filter((b) => b.type !== 'actions') }).catch(
          (err: unknown) => log.debug({ err }, 'buttons not removed'),
        );
      }
      await this.accept(`trigger:${body.trigger_id}`, channel, {
        platform: 'slack',
        chatId: channel,
        userId: body.user.id,
        text: action.text.text,
        callbackData: action.value ?? '',
      }, { channel, user: body.user.id, threadTs: (body.message as { thread_ts?: string } | undefined)?.thread_ts });
      await ack();
    });
  }

  /** Records a request and queues it in its channel's turn; it runs only the first time its key is seen. */
  private async accept(key: string, channel: string, message: ChatMessage, target: Target): Promise<void> {
    const clean: Target = { channel: target.channel, user: target.user };
    if (target.threadTs) clean.threadTs = target.threadTs;
    if (target.responseUrl) clean.responseUrl = target.responseUrl;
    await this.inbound.receive({ key, chatId: channel, message, target: clean });
  }

  /**
   * Text and blocks through the response_url when there is one (falling back to chat.postMessage), charts as uploads;
   * each part paced and retried.
   */
  private async deliver(reply: Reply, target: Target): Promise<SendOutcome> {
    // The user's own positions, orders, P&L and limits are theirs alone outside a direct message.
    const hidden = !!reply.private && !isDirectMessage(target.channel);
    for (const part of renderSlackReply(reply, slackCommands())) {
      if (hidden && part.kind === 'file') continue; // files cannot be ephemeral; private answers carry no chart
      if (part.kind === 'message' && target.responseUrl) {
        const body = { response_type: hidden ? 'ephemeral' : 'in_channel', text: part.text, blocks: part.blocks };
        if (await this.respondTo(target.channel, target.responseUrl, body)) continue;
      }
      const send = () => this.sender.sendPart(target.channel, part, target.threadTs, hidden ? target.user : undefined);
      const outcome = await sendPaced(target.channel, send, { pacer: this.pacer, stopping: () => this.stopped });
      if (outcome !== 'sent') return outcome;
    }
    return 'sent';
  }

  /** Posts to a response_url (paced like any message); false when it refused, so the channel gets the answer instead. */
  private async respondTo(channel: string, url: string, body: Record<string, unknown>): Promise<boolean> {
    try {
      await this.pacer.send(channel, async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) throw new DeliveryError(res.status >= 500 ? 'transient' : 'permanent', `response_url answered ${res.status}`);
      });
      return true;
    } catch (err) {
      log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'response_url refused: posting to the channel instead');
      return false;
    }
  }
}

/** `/ml backtest X` and `@mlTrainer status` carry the command without its slash: give it back for the core. */
export function asCommandText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '/help';
  if (trimmed.startsWith('/')) return trimmed;
  const first = trimmed.split(/\s+/)[0]!.toLowerCase();
  return allIntents().some((i) => i.name === first) ? `/${trimmed}` : trimmed;
}
