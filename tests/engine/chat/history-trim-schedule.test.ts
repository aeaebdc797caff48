// A chat's history is trimmed once every N messages appended, not at every exchange; a chat pushed out of the count
// (too many chats) is trimmed at once; a failed write's trims come due again.
import { describe, expect, it } from 'vitest';
import { HistoryTrimSchedule } from '../../../src/engine/chat/history-trim-schedule.ts';

const chat = (id: string) => ({ platform: 'telegram', chatId: id });

describe('history trim schedule', () => {
  it('trims a chat once every N messages', () => {
    const schedule = new HistoryTrimSchedule(10);
    const dueAt: number[] = [];
    for (let turn = 1; turn <= 12; turn++) if (schedule.takeDue([{ key: chat('a'), messages: 2 }]).length) dueAt.push(turn);
    expect(dueAt).toEqual([5, 10]);
  });

  it('trims the least recently written chat when it counts too many', () => {
    const schedule = new HistoryTrimSchedule(10, 3);
    expect(schedule.takeDue(['a', 'b', 'c'].map((id) => ({ key: chat(id), messages: 2 })))).toEqual([]);
    expect(schedule.takeDue([{ key: chat('a'), messages: 2 }])).toEqual([]);
    expect(schedule.takeDue([{ key: chat('d'), messages: 2 }])).toEqual([chat('b')]);
  });

  it('makes the chats of a failed write due again', () => {
    const schedule = new HistoryTrimSchedule(4);
    const due = schedule.takeDue([{ key: chat('a'), messages: 4 }]);
    expect(due).toEqual([chat('a')]);
    schedule.restore(due);
    expect(schedule.takeDue([{ key: chat('a'), messages: 1 }])).toEqual([chat('a')]);
  });
});
