// A test app whose alerts land in memory and whose anomaly metric is counted: what the anomaly tests look at.
import { afterEach } from 'vitest';
import type { ManualClock } from './manual-clock.ts';
import { MemoryNotifier } from '../../src/engine/notify/notifier.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export interface WatchedApp {
  app: TestApp;
  sent: MemoryNotifier;
  /** Rules counted by the anomaly metric, in order. */
  counted: string[];
  /** The texts of the anomaly alerts sent so far. */
  texts(): string[];
}

export async function watchedApp(clock: ManualClock, withTrading = false): Promise<WatchedApp> {
  const app = await createTestApp({}, { clock, withTrading });
  const sent = new MemoryNotifier();
  await app.notifier.setTarget(sent);
  const counted: string[] = [];
  app.metrics.listen({ anomaly: (rule) => counted.push(rule) });
  return { app, sent, counted, texts: () => sent.sent.filter((s) => s.message.kind === 'anomaly').map((s) => s.message.text) };
}

/** A `watchedApp` opener for one test file: the app a test opened is closed after it. */
export function watchedApps(): (clock: ManualClock, withTrading?: boolean) => Promise<WatchedApp> {
  let current: WatchedApp | undefined;
  afterEach(async () => {
    await current?.app.close();
    current = undefined;
  });
  return async (clock, withTrading = false) => (current = await watchedApp(clock, withTrading));
}
