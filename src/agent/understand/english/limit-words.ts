// Risk limit changes said in English, for /limits.

/** "set max position to 10%" -> symbolWeight 0.1; "max exposure 80%", "daily loss limit to 2%", "at most 5 positions". */
export function limitChanges(lower: string): Record<string, number> {
  const out: Record<string, number> = {};
  const percent = (re: RegExp) => {
    const m = re.exec(lower);
    return m ? Number(m[1]) / 100 : undefined;
  };
  const dailyLoss = percent(/\bdaily loss(?: limit)?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const gross = percent(/\b(?:gross )?exposure(?: limit)?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const weight = percent(/\b(?:position|positions|weight|symbol|stock|per (?:symbol|stock|position)|position size)\b(?: (?:size|weight|limit))?\D{0,20}?(\d+(?:\.\d+)?)\s*%/);
  const count = /\b(\d{1,4})\s+(?:open )?positions\b|\b(?:number of |open |max(?:imum)? )positions\D{0,20}?(\d{1,4})\b(?!\s*%|\.\d)/.exec(lower);
  if (dailyLoss !== undefined) out.dailyLoss = dailyLoss;
  if (gross !== undefined) out.grossExposure = gross;
  if (weight !== undefined && weight !== dailyLoss && weight !== gross) out.symbolWeight = weight;
  if (count) out.positions = Number(count[1] ?? count[2]);
  return out;
}
