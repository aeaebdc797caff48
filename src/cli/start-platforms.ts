// Starts the configured chat platforms for `mltrainer start` (composition: it wires the bots to the engine's stores):
// the Telegram and Slack adapters on the shared HTTP port, and the notifier (persistent outbox + rate limits) the
// engine pushes alerts through; the console notifier when no platform is configured.
import { createHash } from 'node:crypto';
import { RedisPace, type SharedPace } from '../bots/notifier/redis-pace.ts';
import type { AppMetrics } from '../engine/metrics/app-metrics.ts';
import type { Writable } from 'node:stream';
import { allIntents } from '../agent/index.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../engine/clock.ts';
import type { Db } from '../engine/db/database.ts';
import type { InstancePresence } from '../engine/db/instance-presence.ts';
import { HandledUpdateStore } from '../engine/notify/handled-update-store.ts';
import type { Notifier } from '../engine/notify/notifier.ts';
import { AlertSettingsStore } from '../engine/notify/alert-settings-store.ts';
import { OutboxStore } from '../engine/notify/outbox-store.ts';
import { SubscriptionStore } from '../engine/notify/subscription-store.ts';
import { logger } from '../log.ts';
import type { HttpServer } from '../bots/http/http-server.ts';
import type { FloodLimits } from '../bots/inbound/chat-flood-gate.ts';
import { ConsoleNotifier } from '../bots/notifier/console-notifier.ts';
import { OutboxNotifier, type NotifierChannel } from '../bots/notifier/outbox-notifier.ts';
import { SLACK_LIMITS, TELEGRAM_LIMITS, type PaceLimits } from '../bots/notifier/platform-pacer.ts';
import { SlackAdapter } from '../bots/slack/slack-adapter.ts';
import { TelegramAdapter } from '../bots/telegram/telegram-adapter.ts';
import type { ChatCore } from '../bots/inbound/inbound-pipeline.ts';
import { telegramCommands } from '../bots/telegram/telegram-commands.ts';
import { cliIo } from './cli-io.ts';

const log = logger('platforms');

/** Telegram keeps undelivered updates 24 hours; a week of handled ids is plenty to recognise a redelivery. */
const HANDLED_UPDATES_KEPT_MS = 7 * 24 * 3600_000;
/** How often an instance sharing the database looks for updates a dead instance left unanswered. */
const LEFT_BEHIND_CHECK_MS = 15_000;

export interface PlatformDeps {
  config: Pick<Config, 'telegram' | 'slack'> & { redisUrl?: string };
  /** The conversation core (MlAgent). */
  core: ChatCore;
  db: Db;
  clock: Clock;
  /** Delivery latencies of the alerts are measured here. */
  metrics?: AppMetrics;
  /** Who long-polls Telegram when several instances share a PostgreSQL database (absent: this one). */
  telegramPollLeadership?: { ensure(): Promise<boolean>; release(): Promise<void> };
  /** This process among those sharing the database (absent: alone on it); an update is answered by its owner only. */
  presence?: InstancePresence;
}

export interface StartPlatformsOptions {
  /** Where the console notifier prints when no platform is configured (default stdout). */
  consoleOutput?: Writable;
  flood?: FloodLimits;
  limits?: { telegram?: PaceLimits; slack?: PaceLimits };
  /** How often to look for updates a dead instance left unanswered (default 15 s; tests go faster). */
  leftBehindCheckMs?: number;
}

export interface RunningPlatforms {
  /** What the trader, the scheduler and the reports push through. */
  notifier: Notifier;
  /** The outbox notifier when a platform is configured (tests wait on its `idle()`). */
  outboxNotifier?: OutboxNotifier;
  subscriptions: SubscriptionStore;
  telegram?: TelegramAdapter;
  slack?: SlackAdapter;
  names: string[];
  stop(): Promise<void>;
}

export async function startPlatforms(deps: PlatformDeps, http: HttpServer | undefined, opts: StartPlatformsOptions = {}): Promise<RunningPlatforms> {
  const { config, core, db, clock } = deps;
  const subscriptions = new SubscriptionStore(db);
  const journal = new HandledUpdateStore(db, deps.presence);
  await journal.prune(new Date(clock.now() - HANDLED_UPDATES_KEPT_MS));
  const channels: NotifierChannel[] = [];
  const started: { stop(): Promise<void> }[] = [];
  let telegram: TelegramAdapter | undefined;
  let slack: SlackAdapter | undefined;
  try {
    if (config.telegram) {
      telegram = new TelegramAdapter({
        ...config.telegram,
        core,
        journal,
        limits: opts.limits?.telegram ?? TELEGRAM_LIMITS,
        http,
        commands: telegramCommands(allIntents()),
        flood: opts.flood,
        pollLeadership: deps.telegramPollLeadership,
        sharedPace: sharedPace(config.redisUrl, 'telegram', config.telegram.token),
        clock,
      });
      await telegram.start();
      started.push(telegram);
      // Replies and alerts share one pacer, so together they stay within Telegram's limits.
      channels.push({ channel: telegram.sender, limits: opts.limits?.telegram ?? TELEGRAM_LIMITS, pacer: telegram.pacer });
    }
    if (config.slack) {
      slack = new SlackAdapter({ ...config.slack, core, journal, limits: opts.limits?.slack ?? SLACK_LIMITS, http, flood: opts.flood, sharedPace: sharedPace(config.redisUrl, 'slack', config.slack.botToken), clock });
      await slack.start();
      started.push(slack);
      channels.push({ channel: slack.sender, limits: opts.limits?.slack ?? SLACK_LIMITS, pacer: slack.pacer });
    }
  } catch (err) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    throw err;
  }
  const names = [telegram ? 'telegram' : null, slack ? 'slack' : null].filter((n): n is string => n !== null);
  if (channels.length === 0) {
    return { notifier: new ConsoleNotifier(opts.consoleOutput ?? cliIo().stdout), subscriptions, names, stop: async () => undefined };
  }
  // With other instances on the database, what one of them leaves unanswered when it dies is taken over here.
  const leftBehind = deps.presence?.shared
    ? setInterval(() => {
        for (const a of [telegram, slack]) void a?.answerLeftBehind().catch((err: unknown) => log.warn({ err }, 'answering updates left behind failed'));
      }, opts.leftBehindCheckMs ?? LEFT_BEHIND_CHECK_MS).unref()
    : undefined;
  const outboxNotifier = new OutboxNotifier({ outbox: new OutboxStore(db), subscriptions, channels, clock, alertSettings: new AlertSettingsStore(db), metrics: deps.metrics });
  await outboxNotifier.start();
  log.info({ platforms: names }, 'chat platforms started');
  return {
    notifier: outboxNotifier,
    outboxNotifier,
    subscriptions,
    telegram,
    slack,
    names,
    async stop() {
      clearInterval(leftBehind);
      // Adapters first: they answer what they hold, then stop the pacers they share with the notifier, which drops
      // the notifier's waiting sends (their rows stay pending for the next start).
      for (const s of started.reverse()) await s.stop().catch((err: unknown) => log.warn({ err }, 'adapter stop failed'));
      await outboxNotifier.stop();
    },
  };
}

/** With REDIS_URL, the limits shared by every instance of one bot (named by a hash of its token, never the token). */
function sharedPace(redisUrl: string | undefined, platform: string, token: string): SharedPace | undefined {
  if (!redisUrl) return undefined;
  const bot = createHash('sha256').update(token).digest('hex').slice(0, 16);
  return new RedisPace(redisUrl, `${platform}:${bot}`);
}
