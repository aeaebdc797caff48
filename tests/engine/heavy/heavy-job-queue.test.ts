// The heavy-job queue: jobs run at most `running` at once and one per chat; a job that must wait hears how many are
// ahead of it before it starts; a full line (overall, or for one chat) is refused with a sentence saying what to do.
import { describe, expect, it } from 'vitest';
import { HeavyJobQueue } from '../../../src/engine/heavy/heavy-job-queue.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('the heavy-job queue', () => {
  it('runs two at once, one per chat, first come first served, and tells each waiting job how many are ahead', async () => {
    const q = new HeavyJobQueue({ running: 2, waiting: 3, perChat: 1, perChatWaiting: 2 });
    const events: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const submit = (chat: string, name: string) => {
      const g = gate();
      gates.set(name, g);
      return q.run(
        chat,
        async () => {
          events.push(`start ${name}`);
          await g.opened;
          events.push(`end ${name}`);
          return name;
        },
        (ahead) => void events.push(`${name}: busy, ${ahead} ahead`),
      );
    };
    const a1 = submit('a', 'a1');
    const a2 = submit('a', 'a2'); // chat a already runs one: it waits though a worker is free
    const b1 = submit('b', 'b1');
    const c1 = submit('c', 'c1');
    await Promise.resolve();
    expect(events).toEqual(['start a1', 'a2: busy, 1 ahead', 'start b1', 'c1: busy, 3 ahead']);
    expect(q.load).toEqual({ running: 2, waiting: 2 });
    // The line holds 3: a fourth waiting job is refused, and so is a third of one chat.
    const d1 = submit('d', 'd1');
    await expect(submit('e', 'e1')).rejects.toThrow(
      'Busy: 2 heavy requests are running and 3 waiting, as many as I queue; nothing was started. Try again in a minute.',
    );
    gates.get('b1')!.open();
    await b1;
    // b1's place goes to c1: a2 must wait for a1 (one per chat).
    expect(events.slice(4)).toEqual(['d1: busy, 4 ahead', 'end b1', 'start c1']);
    gates.get('a1')!.open();
    expect(await a1).toBe('a1');
    await Promise.resolve();
    expect(events.slice(-2)).toEqual(['end a1', 'start a2']);
    for (const name of ['a2', 'c1', 'd1']) gates.get(name)?.open();
    await Promise.all([a2, c1]);
    await new Promise((r) => setImmediate(r));
    gates.get('d1')!.open();
    expect(await d1).toBe('d1');
    expect(q.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a chat a third waiting job, and frees the place of a job that failed', async () => {
    const q = new HeavyJobQueue({ running: 1, waiting: 8, perChat: 1, perChatWaiting: 2 });
    const g = gate();
    const first = q.run('a', () => g.opened);
    const waiting = [q.run('a', async () => 'second'), q.run('a', async () => 'third')];
    await expect(q.run('a', async () => 'fourth')).rejects.toThrow(
      'You already have 2 heavy requests waiting to run; their answers come first. Send this one again after them.',
    );
    g.open();
    await first;
    expect(await Promise.all(waiting)).toEqual(['second', 'third']);
    await expect(q.run('a', async () => Promise.reject(new Error('model failed')))).rejects.toThrow('model failed');
    expect(await q.run('a', async () => 'after a failure')).toBe('after a failure');
    expect(q.load).toEqual({ running: 0, waiting: 0 });
  });
});
