// How charts show time and colour, the same in every chart: only trading days on the x axis (the bars' own dates, on
// a point scale, so weekends and holidays take no room), a handful of ticks that always carry the year, and one colour
// per series name (buy-and-hold is always grey, the autopilot always blue).

/** At most this many date ticks on an axis. */
const TICKS = 7;

/** The x encoding over the rows' dates: a point scale (trading days only) with chosen, labelled ticks. */
export function tradingDayAxis(dates: readonly string[]): object {
  const values = tickDates(dates);
  const first = dates[0] ?? '';
  const last = dates[dates.length - 1] ?? '';
  const days = first && last ? (Date.parse(last) - Date.parse(first)) / 86_400_000 : 0;
  // Every tick names its year; a short window also names the day.
  const format = days > 180 ? '%b %Y' : '%d %b %Y';
  return {
    field: 'date',
    type: 'ordinal',
    title: null,
    sort: null,
    scale: { type: 'point', padding: 0, domain: [...new Set(dates)] },
    axis: { values, labelExpr: `utcFormat(toDate(datum.value), '${format}')`, labelAngle: 0, grid: false },
  };
}

/** Evenly spaced dates among the window's own (so every tick is a trading day). */
export function tickDates(dates: readonly string[], ticks = TICKS): string[] {
  const unique = [...new Set(dates)];
  if (unique.length <= ticks) return unique;
  const out: string[] = [];
  for (let k = 0; k < ticks; k++) out.push(unique[Math.round((k * (unique.length - 1)) / (ticks - 1))]!);
  return [...new Set(out)];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
const FIXED: [RegExp, string][] = [
  [/^buy-and-hold/, '#7f7f7f'],
  [/^autopilot$/, '#1f77b4'],
  [/^same exposure/, '#ff7f0e'],
];

/** One colour per series: fixed ones by name, the rest from the palette in order, skipping colours already taken. */
export function seriesColors(names: readonly string[]): string[] {
  const taken = new Set<string>();
  const fixed = names.map((n) => FIXED.find(([re]) => re.test(n))?.[1]);
  for (const c of fixed) if (c) taken.add(c);
  const free = PALETTE.filter((c) => !taken.has(c));
  let next = 0;
  return names.map((_, i) => fixed[i] ?? free[next++ % free.length]!);
}

/** The colour encoding of a chart's series, with the shared colours. */
export function colorEncoding(names: readonly string[]): object {
  return { field: 'series', type: 'nominal', title: null, sort: [...names], scale: { domain: [...names], range: seriesColors(names) } };
}
