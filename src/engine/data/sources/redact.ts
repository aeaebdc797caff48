// Removes API keys from text before it reaches an error message or a log line.

const KEY_PARAMS = /([?&](?:apiKey|api_key|apikey)=)[^&#\s"']*/gi;

/** `text` with every secret and every key-like query parameter replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(KEY_PARAMS, '$1[redacted]');
  // Longest first, so a secret that contains another is removed whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s) out = out.split(s).join('[redacted]');
  }
  return out;
}
