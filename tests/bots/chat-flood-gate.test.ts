// The inbound flood gate at shutdown: messages already queued are answered even when the chat has spent its
// per-minute budget (their updates were confirmed to the platform), and nothing submitted after stop runs.
import { describe, expect, it } from 'vitest';
import { ChatFloodGate } from '../../src/bots/inbound/chat-flood-gate.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** Waits (a loaded machine may take a while) until `cond` holds; the assertions after it say what must have happened. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('the chat flood gate at stop', () => {
  it('runs the queued messages of a chat whose budget is spent, then refuses new ones', async () => {
    const slowDowns: string[] = [];
    const gate = new ChatFloodGate({ perMinute: 2, waiting: 5 }, async (chat) => void slowDowns.push(chat));
    const ran: number[] = [];
    for (let i = 1; i <= 4; i++) gate.submit('c1', async () => void ran.push(i));
    // Two run at once; the other two wait for a budget that refills only after a minute.
    await until(() => ran.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual([1, 2]);
    await gate.stop(5_000);
    expect(ran).toEqual([1, 2, 3, 4]);
    gate.submit('c1', async () => void ran.push(5));
    gate.submit('c2', async () => void ran.push(6));
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(slowDowns).toEqual([]);
  });
});

describe('the chat flood gate slow-down notice', () => {
  it('tells a flooding chat to slow down at most once a minute, by the clock it is given', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 2, 15));
    const slowDowns: string[] = [];
    const gate = new ChatFloodGate({ perMinute: 1, waiting: 0 }, async (chat) => void slowDowns.push(chat), clock);
    let release: () => void = () => undefined;
    const running = new Promise<void>((r) => (release = r));
    const dropped: number[] = [];
    gate.submit('c1', () => running);
    for (let i = 2; i <= 4; i++) gate.submit('c1', async () => undefined, () => dropped.push(i));
    await until(() => dropped.length >= 3 && slowDowns.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(dropped).toEqual([2, 3, 4]);
    expect(slowDowns).toEqual(['c1']); // once, for three dropped messages
    clock.advance(59_000);
    gate.submit('c1', async () => undefined, () => dropped.push(5));
    await until(() => dropped.length >= 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(slowDowns).toEqual(['c1']); // still within the minute
    clock.advance(2_000);
    gate.submit('c1', async () => undefined, () => dropped.push(6));
    await until(() => dropped.length >= 5 && slowDowns.length >= 2);
    expect(dropped).toEqual([2, 3, 4, 5, 6]);
    expect(slowDowns).toEqual(['c1', 'c1']); // a minute on, told again
    release();
    await gate.stop(1_000);
  });
});
