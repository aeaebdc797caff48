// What the conversation core's intents run on: the engine and registry pieces, built by the composition root.
import type { Clock } from '../engine/clock.ts';
import type { BarStore } from '../engine/data/bar-store.ts';
import type { SeriesStore } from '../engine/data/series-store.ts';
import type { DbHandle } from '../engine/db/database.ts';
import type { SettingsStore } from '../engine/settings-store.ts';

export interface AgentServices {
  version: string;
  clock: Clock;
  db: DbHandle;
  bars: BarStore;
  series: SeriesStore;
  settings: SettingsStore;
  /** Folder where rendered charts are saved ($MLTRAINER_HOME/charts). */
  chartsDir: string;
  /** `telegram:<id>` / `slack:<id>` allowed to trade and change settings; the console is always trusted. */
  allowedUsers: readonly string[];
  /** Which outside services are configured (for /status), never their secrets. */
  configured: Readonly<Record<string, boolean>>;
}
