// The most events within any 1,000 ms: what Telegram's "30 messages a second" limit is measured against.
export function busiestSecond(at: readonly number[]): number {
  const s = [...at].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
