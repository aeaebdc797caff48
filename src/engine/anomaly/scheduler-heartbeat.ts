// The scheduler's heartbeat: the autopilot's tick (every 10 s while it leads) writes one row; at the next start, a
// session close (plus the margin, when the book is marked and the autopilot decides) that fell between the last
// beat and now was missed while the process was down, and raises one `missed-run` anomaly naming it.
import { eq } from 'drizzle-orm';
import { sessionClose, isSession } from '../../calendar/nyse-sessions.ts';
import { addDays, newYorkDate } from '../../calendar/dates.ts';
import type { Db } from '../db/database.ts';
import { heartbeats } from '../db/schema/index.ts';
import type { AnomalyReporter } from './anomaly-reporter.ts';

const NAME = 'scheduler';
/** A due moment this long before now, with no beat since, was missed (the tick runs every 10 s). */
const GRACE_MS = 5 * 60_000;

const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export class SchedulerHeartbeat {
  constructor(
    private readonly db: Db,
    private readonly reporter: AnomalyReporter,
    /** Minutes after a session's close when its run is due. */
    private readonly closeMarginMs: number,
  ) {}

  async beat(now: number): Promise<void> {
    const at = new Date(now);
    await this.db.insert(heartbeats).values({ name: NAME, beatAt: at }).onConflictDoUpdate({ target: heartbeats.name, set: { beatAt: at } });
  }

  async lastBeat(): Promise<number | null> {
    const [row] = await this.db.select().from(heartbeats).where(eq(heartbeats.name, NAME));
    return row ? row.beatAt.getTime() : null;
  }

  /** Raises one anomaly when scheduled runs fell due between the last beat and `now`; nothing on a first start. */
  async checkMissed(now: number): Promise<void> {
    const last = await this.lastBeat();
    if (last === null || now - last < GRACE_MS) return;
    const missed: string[] = [];
    for (let d = newYorkDate(last); d <= newYorkDate(now); d = addDays(d, 1)) {
      if (!isSession(d)) continue;
      const due = sessionClose(d) + this.closeMarginMs;
      if (due > last && due + GRACE_MS <= now) missed.push(d);
    }
    if (missed.length === 0) return;
    const first = missed[0]!;
    const sessions = missed.length === 1 ? `the session of ${first}` : `${missed.length} sessions (${first}..${missed.at(-1)})`;
    await this.reporter.report([
      {
        rule: 'missed-run',
        key: `missed-run:${first}`,
        text: `The scheduler did not run from ${utcTime(last)} to ${utcTime(now)}: the close of ${sessions} was not marked or decided on time. The next tick catches up the latest session; check why the process was down.`,
      },
    ]);
  }
}
