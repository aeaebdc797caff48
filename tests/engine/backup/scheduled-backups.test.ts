// Scheduled backups as the running bot takes them: one after each session's close, at most once a day, the newest
// MLTRAINER_BACKUP_KEEP kept (backups taken by hand are left alone). A failed backup raises an alert and a metric,
// and trading goes on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../../src/engine/backup/backup-reader.ts';
import { NO_METRICS } from '../../../src/engine/metrics/app-metrics.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

/** 16:31 New York on the session's evening: after the close and its margin, before the report time. */
const evening = (date: string) => Date.parse(`${date}T20:31:00Z`);

async function appWith(env: Record<string, string>, clock: ManualClock): Promise<{ app: TestApp; sink: MemoryNotifier; metrics: { ok: number[]; failed: number } }> {
  const app = await createTestApp(env, { clock, withTrading: true });
  apps.push(app);
  const sink = new MemoryNotifier();
  await app.notifier.setTarget(sink);
  const metrics = { ok: [] as number[], failed: 0 };
  app.metrics.setTarget({ ...NO_METRICS, backupWritten: (m) => metrics.ok.push(m.at), backupFailed: () => metrics.failed++ });
  return { app, sink, metrics };
}

describe('scheduled backups', () => {
  it('writes one backup per session after the close and keeps exactly the newest MLTRAINER_BACKUP_KEEP', async () => {
    const clock = new ManualClock(evening('2020-04-13'));
    const { app, metrics } = await appWith({ MLTRAINER_BACKUP_KEEP: '2' }, clock);
    const dir = path.join(app.home, 'backups');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mltrainer-2020-01-01-000000.backup.gz'), 'taken by hand');
    fs.writeFileSync(path.join(dir, 'mltrainer-daily-2020-01-02.backup.gz'), 'an old daily one');
    for (const date of ['2020-04-13', '2020-04-14', '2020-04-15', '2020-04-16']) {
      clock.set(evening(date));
      await app.autopilot!.tick();
      await app.autopilot!.tick(); // a second tick the same evening takes no second backup
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['mltrainer-2020-01-01-000000.backup.gz', 'mltrainer-daily-2020-04-15.backup.gz', 'mltrainer-daily-2020-04-16.backup.gz']);
    expect(metrics.ok).toEqual(['2020-04-13', '2020-04-14', '2020-04-15', '2020-04-16'].map(evening));
    const newest = await verifyBackup(path.join(dir, 'mltrainer-daily-2020-04-16.backup.gz'));
    expect(newest.createdAt).toBe('2020-04-16T20:31:00.000Z');
    // The backup of a session holds that session's mark of the book.
    expect(newest.tables.find((t) => t.name === 'trader_equity')?.rows).toBe(4);
  }, 180_000);

  it('takes none with MLTRAINER_BACKUP_KEEP=0, and refuses a bad value in one line', async () => {
    const clock = new ManualClock(evening('2020-04-16'));
    const { app } = await appWith({ MLTRAINER_BACKUP_KEEP: '0' }, clock);
    await app.autopilot!.tick();
    expect(await app.autopilot!.store.isDone('mark', '2020-04-16')).toBe(true);
    expect(fs.existsSync(path.join(app.home, 'backups'))).toBe(false);
    const { loadConfig } = await import('../../../src/config.ts');
    expect(() => loadConfig({ MLTRAINER_BACKUP_KEEP: 'seven' })).toThrow(/^MLTRAINER_BACKUP_KEEP: must be a whole number of daily backups to keep, like 7 \(0 switches them off\)$/);
    expect(loadConfig({}).backups.keep).toBe(7);
  }, 120_000);

  it('alerts and counts a failed backup, and trading goes on', async () => {
    const clock = new ManualClock(evening('2020-04-16'));
    const { app, sink, metrics } = await appWith({}, clock);
    // Something that is not a folder stands where the backups go.
    fs.writeFileSync(path.join(app.home, 'backups'), 'in the way');
    await app.autopilot!.tick();
    await app.autopilot!.tick();
    expect(metrics.failed).toBe(1);
    const alerts = sink.sent.filter((m) => m.message.kind === 'backup-failure');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message.text).toMatch(/^Backup failed: the daily backup after the close of 2020-04-16 could not be written \(.+\)\. Trading goes on; the next backup is tried after the next close\.$/);
    expect(await app.autopilot!.store.isDone('mark', '2020-04-16')).toBe(true);
    const order = await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', decisionKey: 'after-failed-backup', confirmed: true });
    expect(order.fills).toHaveLength(1);
    // Once the folder is back, the next close's backup is written.
    fs.rmSync(path.join(app.home, 'backups'));
    clock.set(evening('2020-04-17'));
    await app.autopilot!.tick();
    expect(fs.readdirSync(path.join(app.home, 'backups'))).toEqual(['mltrainer-daily-2020-04-17.backup.gz']);
    expect(metrics.ok).toHaveLength(1);
  }, 120_000);
});
