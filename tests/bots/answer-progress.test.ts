// An answer of several parts cut short (the process stopped or died between two parts) goes on, after the restart,
// from the first part not delivered: the chat never gets the same part twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/agent/reply.ts';
import { InboundPipeline, type SendOutcome } from '../../src/bots/inbound/inbound-pipeline.ts';
import { InstancePresence } from '../../src/engine/db/instance-presence.ts';
import { HandledUpdateStore } from '../../src/engine/notify/handled-update-store.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** A pipeline whose core answers in three parts; `stopAt` makes the send of that part report a stop. */
function pipeline(sent: string[], stopAt: number | null) {
  const journal = new HandledUpdateStore(db.db, InstancePresence.alone());
  let sends = 0;
  return new InboundPipeline<string>({
    platform: 'slack',
    journal,
    core: { handle: async () => ({ intent: null, replies: [{ text: 'part 1' }, { text: 'part 2' }, { text: 'part 3' }] }) } as never,
    send: async (reply: Reply): Promise<SendOutcome> => {
      if (sends++ === stopAt) return 'stopped';
      sent.push(reply.text ?? '');
      return 'sent';
    },
    sendNotice: async () => undefined,
    targetFromJournal: (stored) => (typeof stored === 'string' ? stored : null),
  });
}

describe('an answer cut short', () => {
  it('goes on after a restart from the first part not delivered', async () => {
    const before: string[] = [];
    const first = pipeline(before, 1);
    await first.receive({ key: 'E-progress', chatId: 'C1', message: { platform: 'slack', chatId: 'C1', userId: 'U1', text: '/ml help' }, target: 'C1' });
    await expect.poll(() => before.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(before).toEqual(['part 1']);
    await first.stop();

    const after: string[] = [];
    const second = pipeline(after, null);
    expect(await second.resume()).toBe(1);
    await expect.poll(() => after.length).toBe(2);
    expect(after[0]).toBe('part 2');
    expect(after[1]).toMatch(/^part 3\n*.*Answered after a restart/s);
    await second.stop();
    expect(await new HandledUpdateStore(db.db).unanswered('slack')).toEqual([]);
  });
});
