// The comparison under the weekly summary's "how the leaderboard moved": ranks gained and lost, entries and exits of
// the head of the board, the biggest riser and faller.
import { describe, expect, it } from 'vitest';
import { leaderboardMovement, moveLabel, type RankedModel } from '../../../src/engine/reports/leaderboard-movement.ts';

const board = (...ids: string[]): RankedModel[] => ids.map((modelId, i) => ({ modelId, rank: i + 1, value: 1 - i / 10 }));

describe('leaderboard movement', () => {
  it('gives each model of the head its move since the previous snapshot', () => {
    const m = leaderboardMovement(board('c', 'a', 'e', 'b', 'd'), board('a', 'b', 'c', 'd', 'x'), 3);
    expect(m.rows.map((r) => [r.modelId, r.previousRank, r.move, moveLabel(r)])).toEqual([
      ['c', 3, 2, '↑2'],
      ['a', 1, -1, '↓1'],
      ['e', null, null, 'new'],
    ]);
    // b was #2 and is #4 now: it left the top 3; x is no longer ranked at all; d was outside the head before.
    expect(m.left).toEqual([{ modelId: 'b', previousRank: 2, rank: 4 }]);
    expect(m.riser?.modelId).toBe('c');
    expect(m.faller?.modelId).toBe('b');
  });

  it('reports a model that dropped off the board as unranked', () => {
    const m = leaderboardMovement(board('b', 'c'), board('a', 'b', 'c'), 2);
    expect(m.left).toEqual([{ modelId: 'a', previousRank: 1, rank: null }]);
    expect(m.rows.map(moveLabel)).toEqual(['↑1', '↑1']);
  });

  it('has no moves without a previous snapshot, and no riser or faller when nothing moved', () => {
    const first = leaderboardMovement(board('a', 'b'), null, 10);
    expect(first.rows.map((r) => r.move)).toEqual([null, null]);
    expect(first.left).toEqual([]);
    const same = leaderboardMovement(board('a', 'b'), board('a', 'b'), 10);
    expect(same.rows.map(moveLabel)).toEqual(['=', '=']);
    expect(same.riser).toBeNull();
    expect(same.faller).toBeNull();
  });
});
