// `mltrainer start` (what `npm start` runs): the configured chat adapters, the HTTP port and, when no chat
// platform is configured, the console chat; when that console's input ends, a clean shutdown with status 0.
// `--no-console` (a container has no one at its stdin) serves until SIGTERM or SIGINT instead.
import type { Command } from 'commander';
import type { RunningPlatforms } from '../start-platforms.ts';
import { fail, withApp } from '../run-command.ts';
import { cliIo } from '../cli-io.ts';
import type { App } from '../../main.ts';
import type { InstancePresence } from '../../engine/db/instance-presence.ts';

/** With REDIS_URL, this instance's part of the live view: the account, the autopilot's targets, its activity. */
async function startLivePublisher(app: App): Promise<{ stop(): Promise<void> } | undefined> {
  if (!app.config.redisUrl) return undefined;
  const { LivePublisher } = await import('../../engine/live/live-publisher.ts');
  const { RedisLiveFeed } = await import('../../engine/live/redis-live-feed.ts');
  const { instanceName } = await import('../../engine/live/live-reader.ts');
  const publisher = new LivePublisher({ feed: new RedisLiveFeed(app.config.redisUrl, instanceName()), trader: app.trader, autopilot: app.autopilot });
  app.metrics.listen(publisher.listener);
  publisher.start();
  return publisher;
}

/** On a shared PostgreSQL database, one instance long-polls Telegram: the holder of its advisory lock. */
async function telegramPollLock(app: App): Promise<{ ensure(): Promise<boolean>; release(): Promise<void> } | undefined> {
  if (app.db.driver !== 'postgres') return undefined;
  const { LeaderLock, TELEGRAM_POLL_LOCK_KEY } = await import('../../engine/autopilot/leader-lock.ts');
  return new LeaderLock(app.db, TELEGRAM_POLL_LOCK_KEY);
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run mlTrainer: chat adapters, scheduler and HTTP server; the console chat when no platform is configured')
    .option('--json', 'console replies as JSON documents')
    .option('--no-console', 'no console chat: serve (HTTP, scheduler, platforms) until SIGTERM or SIGINT, as in a container')
    .action(async (opts: { json?: boolean; console: boolean }) => {
      await withApp(async (app) => {
        // The platforms (telegraf, Bolt) load only when the bot starts.
        const { runConsoleChat } = await import('../../bots/console/console-chat.ts');
        const { HttpServer } = await import('../../bots/http/http-server.ts');
        const { startPlatforms } = await import('../start-platforms.ts');
        const { InstancePresence } = await import('../../engine/db/instance-presence.ts');
        const { UserError } = await import('../../engine/user-error.ts');
        const { logger } = await import('../../log.ts');
        const log = logger('start');
        const { readiness, mountMetrics, mountDashboardFor } = await import('../ops-endpoints.ts');
        const platforms = [app.config.telegram ? 'telegram' : null, app.config.slack ? 'slack' : null].filter((p): p is string => p !== null);
        const ops = { platformsStarted: platforms.length === 0, platforms };
        const ready = readiness({ db: app.db, version: app.services.version }, ops);
        const http = new HttpServer(ready);
        mountDashboardFor(app, http, mountMetrics(app, http, ready), { chatPlatforms: platforms.length > 0 });
        try {
          const port = await http.listen(app.config.port);
          log.info({ port }, 'HTTP server listening');
        } catch (err) {
          const code = (err as { code?: string }).code;
          const why = code === 'EADDRINUSE' ? `port ${app.config.port} is in use` : `cannot listen on port ${app.config.port} (${code})`;
          if (platforms.length > 0) fail(`PORT: ${why}; set PORT to a free port`);
          log.warn(`${why}: the HTTP server (health) is off; set PORT to a free port to have it`);
        }
        const { startWatchers } = await import('../start-watchers.ts');
        let watchers: { stop(): Promise<void> } | undefined;
        let live: { stop(): Promise<void> } | undefined;
        let running: RunningPlatforms | undefined;
        let presence: InstancePresence | undefined;
        try {
          try {
            presence = await InstancePresence.announce(app.db);
            running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock, metrics: app.metrics, telegramPollLeadership: await telegramPollLock(app), presence }, http, {
              consoleOutput: opts.json ? cliIo().stderr : cliIo().stdout,
            });
          } catch (err) {
            // A refused token or an unreachable platform at start: one line naming what to fix.
            const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
            throw new UserError(`cannot start the chat platforms (${platforms.join(', ')}): ${why}`);
          }
          ops.platformsStarted = true;
          await app.notifier.setTarget(running.notifier);
          await app.autopilot?.start();
          watchers = startWatchers(app, { chatPlatforms: platforms.length > 0 });
          live = await startLivePublisher(app);
          if (platforms.length === 0 && opts.console) {
            await runConsoleChat(app.agent, {
              input: cliIo().stdin,
              output: cliIo().stdout,
              json: !!opts.json,
              interactive: !opts.json && !!cliIo().stdin.isTTY,
            });
            return;
          }
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
        } finally {
          await watchers?.stop();
          await live?.stop();
          await app.autopilot?.stop();
          await running?.stop();
          await presence?.withdraw();
          await http.close();
        }
      }, { withTrading: true });
    });
}
