// The rule for the language model's final text: every figure in it must come from a tool result. A figure is
// checked with its sign and its kind: a percentage ("55.8%") must be a percentage the tools showed, rounded to the
// precision the text wrote; a bare number ("0.45", "62") must be a bare value
// the tools showed. Numbers that are part of identifiers (model ids like sma-cross-20-50, dates, "S&P 500", "1d") are
// not figures. The user's own numbers never back a metric: they only back years and model parameters echoed back
// ("since 2010", "the 20/50 crossover").

/** A number a tool's reply showed, with the decimals it was shown with. */
export interface SourceNumber {
  value: number;
  decimals: number;
  /** Shown as a percentage ("55.83%"). */
  percent: boolean;
}

/** Everything the tools (and, for echoes only, the user) wrote that a final text may quote. */
export interface NumberSources {
  numbers: SourceNumber[];
  /** Years that may be echoed: from dates in the tool results and numbers in the user's message. */
  years: Set<number>;
  /** Model parameters that may be echoed: from model ids in the tool results and numbers in the user's message. */
  params: Set<number>;
}

/** A number written in a text, with how it was written. */
export interface WrittenNumber {
  raw: string;
  /** Signed: an explicit minus, or a loss word right before it ("lost 12%"), makes it negative. */
  value: number;
  decimals: number;
  percent: boolean;
  /** What the surrounding words make of it: a figure, a year, or a model parameter ("20/50", "14-day"). */
  role: 'figure' | 'year' | 'param';
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** Identifiers whose digits are not figures; each match is blanked out before numbers are read. */
const IDENTIFIERS: RegExp[] = [
  // ISO dates and timestamps, year-months.
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?\b/g,
  /\b\d{4}-\d{2}\b/g,
  // Written dates: "April 17, 2020", "17 April 2020".
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`, 'gi'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}\\b`, 'gi'),
  // Clock times.
  /\b\d{1,2}:\d{2}(?::\d{2})?\b/g,
  // Model ids and other hyphenated names with digits (sma-cross-20-50, rsi-14-30-70, momentum-252).
  /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d[a-z0-9]*(?:-[a-z0-9]+)*\b/gi,
  // Index names that carry a number.
  /\bS&P\s*500\b|\bNasdaq[- ]?100\b|\bRussell\s*[123]000\b|\bFTSE\s*100\b|\bDow\s*30\b|\bDAX\s*40\b|\bNikkei\s*225\b|\bStoxx\s*50\b/gi,
  // Timeframes and ordinals glued to digits (1d, 1wk, 1mo, 1h, 1st, 3rd); "10m" stays a figure.
  /\b1(?:d|wk|mo|h|m)\b|\b\d+(?:st|nd|rd|th)\b/gi,
  // key=value arguments of slash commands.
  /\b\w+=\S+/g,
];

/** The parts of a model id that are its parameters (sma-cross-20-50 -> 20, 50). */
const MODEL_ID = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d[a-z0-9]*(?:-[a-z0-9]+)*\b/gi;
const ISO_DATE_YEAR = /\b(\d{4})-\d{2}(?:-\d{2})?\b/g;

// A number not glued to letters or digits before it (so "Z2", "sma20", "v1.2" are not figures).
const NUMBER = /(?<![A-Za-z0-9_.])([-\u2212+])?(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?(\s*%|\s*per\s?cent\b|\s*pct\b)?/gi;

// Words that make the number after them a loss: "lost 12.30%" says -12.30%.
const LOSS_BEFORE = /\b(?:lost|lose|loses|losing|loss(?:es)? of|fell|falls?|falling|dropped|drops?|dropping|declined|declines?|declining|down)\s+(?:by\s+|of\s+|about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?$/i;
// "20-day", "a 14 period", "the last 3 years": a lookback or a window, not a count of something that happened.
const PARAM_UNIT = /^(?:-|\s)(?:days?|weeks?|months?|bars?|periods?|years?|sessions?)\b/i;
const PARAM_BEFORE = /\b(?:sma|ema|rsi|ma|momentum|lookback|window|period)\s*\(?\s*$/i;
// RSI thresholds: "buys when RSI drops below 30 and sells above 70".
const THRESHOLD_BEFORE = /\b(?:below|above|under|over|crosses)\s+$/i;
const RSI_SENTENCE = /\brsi\b[^.!?]*$/i;

function blankIdentifiers(text: string): string {
  let out = text;
  for (const re of IDENTIFIERS) out = out.replace(re, (m) => ' '.repeat(m.length));
  // ".5" is 0.5
  return out.replace(/(?<![\w.])\.(\d)/g, '0.$1');
}

/** The numbers written in a text (identifiers left out), with sign, precision, kind and role. */
export function numbersIn(text: string): WrittenNumber[] {
  const clean = blankIdentifiers(text);
  const out: WrittenNumber[] = [];
  // Parameter groups ("20/50", "20-50", "14/30/70"), as a whole.
  const pairs = new Map<number, number>();
  for (const m of clean.matchAll(/(?<![\w.\/-])\d+(?:[\/-]\d+)+(?![\w.\/%-])/g)) pairs.set(m.index, m[0].length);
  for (const m of clean.matchAll(NUMBER)) {
    const [raw, sign, whole, frac, pctSuffix] = m as unknown as [string, string | undefined, string, string | undefined, string | undefined];
    const start = m.index + (sign ? 1 : 0);
    const decimals = frac ? frac.length : 0;
    let value = Number(`${whole.replace(/,/g, '')}${frac ? `.${frac}` : ''}`);
    if (!Number.isFinite(value)) continue;
    const percent = !!pctSuffix;
    const before = clean.slice(0, m.index);
    const after = clean.slice(m.index + raw.length);
    // Inside a parameter group ("20-50") a hyphen joins numbers: it is not a minus sign.
    const inPair = [...pairs].some(([at, len]) => start >= at && start < at + len);
    const signed = inPair ? undefined : sign;
    const negative = signed === '-' || signed === '\u2212' || (!signed && LOSS_BEFORE.test(before));
    if (negative) value = -value;
    let role: WrittenNumber['role'] = 'figure';
    if (!percent && decimals === 0 && !signed) {
      const threshold = THRESHOLD_BEFORE.test(before) && RSI_SENTENCE.test(before);
      if (inPair || threshold || PARAM_UNIT.test(after) || PARAM_BEFORE.test(before)) role = 'param';
      else if (value >= 1900 && value <= 2100 && !/,/.test(whole)) role = 'year';
    }
    out.push({ raw: raw.trim(), value, decimals, percent, role });
  }
  return out;
}

function addText(text: string, into: NumberSources): void {
  for (const m of text.matchAll(ISO_DATE_YEAR)) into.years.add(Number(m[1]));
  for (const m of text.matchAll(MODEL_ID)) for (const d of m[0].match(/\d+/g) ?? []) into.params.add(Number(d));
  for (const n of numbersIn(text)) {
    // Tools write signs explicitly; loss words in their own sentences say nothing more.
    const value = n.raw.startsWith('-') || n.raw.startsWith('\u2212') ? -Math.abs(n.value) : Math.abs(n.value);
    into.numbers.push({ value, decimals: n.decimals, percent: n.percent });
  }
}

/** Collects the numbers of the tool results (the replies' text, read as shown). */
export function collectSources(toolResults: readonly string[], userMessage = ''): NumberSources {
  const into: NumberSources = { numbers: [], years: new Set(), params: new Set() };
  for (const r of toolResults) addText(r, into);
  // The user's numbers: only ever echoes (years, parameters), never figures.
  for (const m of userMessage.matchAll(ISO_DATE_YEAR)) into.years.add(Number(m[1]));
  for (const m of userMessage.matchAll(/(?<![\d.])\d+(?![\d.])/g)) {
    const v = Number(m[0]);
    if (v >= 1900 && v <= 2100) into.years.add(v);
    else into.params.add(v);
  }
  return into;
}

/** Rounds half away from zero to `digits` decimals, as an integer count of 10^-digits units. */
function units(value: number, digits: number): number {
  const scaled = Math.abs(value) * 10 ** digits;
  // The small nudge keeps binary noise (55.825 stored as 55.82499999...) from rounding the wrong way.
  return Math.sign(value) * Math.round(scaled + 1e-6);
}

/** Whether a value shown with `decimals` (or exact when null) reads as `w` when rounded to w's precision. */
function roundsTo(value: number, decimals: number | null, w: WrittenNumber): boolean {
  const k = w.decimals;
  const written = Math.round(Math.abs(w.value) * 10 ** k) * Math.sign(w.value);
  if (decimals === null) return units(value, k) === written;
  const shown = Math.round(Math.abs(value) * 10 ** decimals) * Math.sign(value);
  if (k >= decimals) return written === shown * 10 ** (k - decimals);
  const div = 10 ** (decimals - k);
  return Math.sign(shown) * Math.floor((Math.abs(shown) + div / 2) / div) === written;
}

function isInteger(s: SourceNumber): boolean {
  return Number.isInteger(s.value) && (s.decimals === null || s.decimals === 0);
}

/** Whether one written number is backed by the sources. */
export function isSupported(w: WrittenNumber, sources: NumberSources): boolean {
  if (w.role === 'year' && (sources.years.has(w.value) || sources.params.has(w.value))) return true;
  if (w.role === 'param' && (sources.params.has(w.value) || sources.years.has(w.value))) return true;
  if (w.percent) {
    return sources.numbers.some((s) =>
      s.percent && roundsTo(s.value, s.decimals, w),
    );
  }
  // A bare whole number under 100 is a count: only an exact count of the tools backs it ("62 trades", not "Sharpe 1"
  // for 0.61); larger whole numbers may round a shown value ("2,875" for 2,874.56).
  const smallWhole = w.decimals === 0 && Math.abs(w.value) < 100;
  return sources.numbers.some((s) => {
    if (s.percent) return false;
    if (smallWhole) return isInteger(s) && s.value === w.value;
    return roundsTo(s.value, s.decimals, w);
  });
}

/** Numbers of the final text that no tool result supports (empty when the text is clean). */
export function unsupportedNumbers(finalText: string, toolResults: readonly string[], userMessage = ''): string[] {
  const sources = collectSources(toolResults, userMessage);
  return numbersIn(finalText)
    .filter((w) => !isSupported(w, sources))
    .map((w) => w.raw);
}
