// How the leaderboard moved between two snapshots: each model's rank now and before, the models that entered the
// head of the board and those that left it. Pure, so the weekly summary's wording rests on a tested comparison.

export interface RankedModel {
  modelId: string;
  rank: number;
  value: number;
}

export interface MovementRow extends RankedModel {
  /** Rank in the previous snapshot (null: not ranked then). */
  previousRank: number | null;
  previousValue: number | null;
  /** Places gained (positive) or lost (negative); null when the model is new on the board. */
  move: number | null;
}

export interface LeaderboardMovement {
  /** The head of the board now (`top` rows), each with its move. */
  rows: MovementRow[];
  /** Models in the previous head that are no longer in it, with their rank now (null: no longer ranked). */
  left: { modelId: string; previousRank: number; rank: number | null }[];
  /** Largest gain and loss of rank anywhere on the board (null when nothing moved that way). */
  riser: MovementRow | null;
  faller: MovementRow | null;
}

export function leaderboardMovement(current: readonly RankedModel[], previous: readonly RankedModel[] | null, top: number): LeaderboardMovement {
  const before = new Map((previous ?? []).map((r) => [r.modelId, r] as const));
  const now = new Map(current.map((r) => [r.modelId, r] as const));
  const all: MovementRow[] = current.map((r) => {
    const p = before.get(r.modelId);
    return { ...r, previousRank: p?.rank ?? null, previousValue: p?.value ?? null, move: p ? p.rank - r.rank : null };
  });
  const rows = all.filter((r) => r.rank <= top);
  const left = (previous ?? [])
    .filter((p) => {
      const r = now.get(p.modelId);
      return p.rank <= top && !(r && r.rank <= top);
    })
    .map((p) => ({ modelId: p.modelId, previousRank: p.rank, rank: now.get(p.modelId)?.rank ?? null }));
  let riser: MovementRow | null = null;
  let faller: MovementRow | null = null;
  for (const r of all) {
    if (r.move !== null && r.move > 0 && (!riser || r.move > riser.move!)) riser = r;
    if (r.move !== null && r.move < 0 && (!faller || r.move < faller.move!)) faller = r;
  }
  return { rows, left, riser, faller };
}

/** `↑2`, `↓1`, `=` or `new`. */
export function moveLabel(r: MovementRow): string {
  if (r.move === null) return 'new';
  if (r.move === 0) return '=';
  return r.move > 0 ? `↑${r.move}` : `↓${-r.move}`;
}
