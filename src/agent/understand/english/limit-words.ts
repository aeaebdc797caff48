// Risk limit changes said in English, for /limits.
import { chatNumberOrText } from '../chat-number.ts';

/**
 * A number typed before a % sign, whatever its form ("2.5", "1e-3", "0x10"), never the tail of a word ("sma-cross-0-0%"):
 * the chat's number reader judges it.
 */
const PERCENT = String.raw`(?<![\w.,-])([-+]?[\d.,]*\d(?:[\w.^/+-]*\d)?)\s*%`;

/** "set max position to 10%" -> symbolWeight 0.1; "max exposure 80%", "daily loss limit to 2%", "at most 5 positions". */
export function limitChanges(lower: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  // "12.5%" is 0.125 exactly; a form the reader refuses stays text, and the schema's refusal says why.
  const percent = (re: string) => {
    const m = new RegExp(re).exec(lower);
    return m ? chatNumberOrText(`${m[1]}%`, { percent: true }) : undefined;
  };
  const dailyLoss = percent(String.raw`\bdaily loss(?: limit)?\D{0,20}?${PERCENT}`);
  const gross = percent(String.raw`\b(?:gross )?exposure(?: limit)?\D{0,20}?${PERCENT}`);
  const weight = percent(String.raw`\b(?:position|positions|weight|symbol|stock|per (?:symbol|stock|position)|position size)\b(?: (?:size|weight|limit))?\D{0,20}?${PERCENT}`);
  const count = /\b(\d{1,4})\s+(?:open )?positions\b|\b(?:number of |open |max(?:imum)? )positions\D{0,20}?(\d{1,4})\b(?!\s*%|\.\d)/.exec(lower);
  if (dailyLoss !== undefined) out.dailyLoss = dailyLoss;
  if (gross !== undefined) out.grossExposure = gross;
  if (weight !== undefined && weight !== dailyLoss && weight !== gross) out.symbolWeight = weight;
  if (count) out.positions = Number(count[1] ?? count[2]);
  return out;
}
