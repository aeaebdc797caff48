// The autopilot's timers (node-schedule): a heartbeat every 10 s that retries leadership and catches up (a follower
// takes over a dead leader's trading within 10 s of its database session ending), and a
// one-shot job at the next due moment (a session's close plus the margin, or the report time), set again after each.
import schedule from 'node-schedule';
import { logger } from '../../log.ts';
import type { Clock } from '../clock.ts';

const log = logger('autopilot');

export class AutopilotTimers {
  private heartbeat: schedule.Job | null = null;
  private nextJob: schedule.Job | null = null;

  constructor(
    private readonly clock: Clock,
    /** Does whatever is due by the clock. */
    private readonly tick: () => Promise<void>,
    /** The instant of the next due moment. */
    private readonly nextDueAt: () => Promise<number>,
  ) {}

  start(): void {
    this.heartbeat?.cancel();
    this.heartbeat = schedule.scheduleJob('*/10 * * * * *', () => void this.tick().catch((err: unknown) => log.error({ err }, 'autopilot tick failed')));
    this.reschedule();
  }

  /** Sets the one-shot job again (after a run, or when the loop is switched on); nothing before start. */
  reschedule(): void {
    if (!this.heartbeat) return;
    void this.nextDueAt()
      .then((at) => {
        this.nextJob?.cancel();
        this.nextJob = schedule.scheduleJob(new Date(Math.max(at, this.clock.now() + 1000)), () => {
          void this.tick()
            .catch((err: unknown) => log.error({ err }, 'autopilot run failed'))
            .finally(() => this.reschedule());
        });
      })
      .catch((err: unknown) => log.error({ err }, 'autopilot scheduling failed'));
  }

  /** Whether the timers run (after start, before stop). */
  get started(): boolean {
    return this.heartbeat !== null;
  }

  stop(): void {
    this.heartbeat?.cancel();
    this.nextJob?.cancel();
    this.heartbeat = null;
    this.nextJob = null;
  }
}
