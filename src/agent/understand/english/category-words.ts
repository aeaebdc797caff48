// The registry categories as people name them: "mean reversion", "trend following", "ML", "neural network".

const CATEGORY = String.raw`(trend(?:[- ]following)?|mean[- ]reversion|momentum|regression|machine[- ]learning|ml|neural(?:[- ]net(?:work)?s?)?|volatility|risk|regime|ensemble|benchmark|macro)`;
const LISTED = String.raw`(?:models?|strateg(?:y|ies)|families)`;

/** "volatility models", "trend strategies", "models for volatility", "models of the regime kind". */
export const CATEGORY_LISTING = new RegExp(String.raw`\b${CATEGORY}\s+${LISTED}\b|\b${LISTED}\b.*\b(?:for|of|in|about|on)\s+(?:the\s+)?${CATEGORY}\b`);

/** The registry category a sentence names, or undefined. */
export function findCategory(lower: string): string | undefined {
  const m = new RegExp(String.raw`\b${CATEGORY}\b`).exec(lower);
  if (!m) return undefined;
  const word = m[1]!;
  if (word === 'ml' || /^machine/.test(word)) return 'machine-learning';
  if (word.startsWith('neural')) return 'neural';
  if (word.startsWith('trend')) return 'trend';
  return word.replace(' ', '-');
}
