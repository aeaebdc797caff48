// The inbound flood gate at shutdown: messages already queued are answered even when the chat has spent its
// per-minute budget (their updates were confirmed to the platform), and nothing submitted after stop runs.
import { describe, expect, it } from 'vitest';
import { ChatFloodGate } from '../../src/bots/inbound/chat-flood-gate.ts';

describe('the chat flood gate at stop', () => {
  it('runs the queued messages of a chat whose budget is spent, then refuses new ones', async () => {
    const slowDowns: string[] = [];
    const gate = new ChatFloodGate({ perMinute: 2, waiting: 5 }, async (chat) => void slowDowns.push(chat));
    const ran: number[] = [];
    for (let i = 1; i <= 4; i++) gate.submit('c1', async () => void ran.push(i));
    // Two run at once; the other two wait for a budget that refills only after a minute.
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
