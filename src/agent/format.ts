// The agent's number formats are the shared ones (src/format.ts); kept as a module so intents import one name.
export { money, num, pct, plural, price, qty, signedMoney, signedPct } from '../format.ts';
