// The live view every instance shares (REDIS_URL): the paper account, the autopilot's targets and each instance's
// activity counters, published as they change into one trimmed stream per kind, and read back by the dashboard and
// /status, so every instance shows the same numbers.

export const LIVE_KINDS = ['account', 'autopilot', 'activity'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface LiveEntry<T = unknown> {
  /** Unix ms of the publication (Redis's clock). */
  at: number;
  /** Which instance published it. */
  instance: string;
  value: T;
}

export interface LiveAccount {
  broker: string;
  equity: number;
  cash: number;
  openPositions: number;
  halted: boolean;
  positions: { symbol: string; qty: number; marketValue: number | null }[];
}

export interface LiveAutopilot {
  enabled: boolean;
  lastRun: string | null;
  targets: { symbol: string; date: string; target: number; models: string[] }[];
}

/** An instance's counters since it started. */
export interface LiveActivity {
  messages: number;
  orders: number;
}

export interface LiveFeed {
  publish(kind: LiveKind, value: object): Promise<void>;
  latest<T>(kind: LiveKind): Promise<LiveEntry<T> | null>;
  /** Entries of the last `ms`, oldest first. */
  recent<T>(kind: LiveKind, ms: number): Promise<LiveEntry<T>[]>;
  close(): Promise<void>;
}

/** What /status and the dashboard show of the live view. */
export interface LiveView {
  account: LiveEntry<LiveAccount> | null;
  autopilot: LiveEntry<LiveAutopilot> | null;
  /** Instances that published activity in the window, and their summed rates per minute. */
  instances: number;
  messagesPerMinute: number | null;
  ordersPerMinute: number | null;
}

/** Rates over the last `windowMs`: each instance's counter growth per minute, summed over the instances. */
export async function readLiveView(feed: LiveFeed, windowMs = 120_000): Promise<LiveView> {
  const [account, autopilot, activity] = await Promise.all([
    feed.latest<LiveAccount>('account'),
    feed.latest<LiveAutopilot>('autopilot'),
    feed.recent<LiveActivity>('activity', windowMs),
  ]);
  const byInstance = new Map<string, LiveEntry<LiveActivity>[]>();
  for (const e of activity) byInstance.set(e.instance, [...(byInstance.get(e.instance) ?? []), e]);
  let messages: number | null = null;
  let orders: number | null = null;
  for (const entries of byInstance.values()) {
    const first = entries[0]!;
    const last = entries[entries.length - 1]!;
    const minutes = (last.at - first.at) / 60_000;
    if (minutes <= 0) continue;
    messages = (messages ?? 0) + (last.value.messages - first.value.messages) / minutes;
    orders = (orders ?? 0) + (last.value.orders - first.value.orders) / minutes;
  }
  return { account, autopilot, instances: byInstance.size, messagesPerMinute: messages, ordersPerMinute: orders };
}
