// Deterministic client order ids: the same decision (a chat message, an autopilot date and symbol) always gives the
// same id, so a retry after a timeout or a crash is recognised by the broker and the book instead of doubling.
import { createHash, randomUUID } from 'node:crypto';

/** `mlt-` + 40 hex characters of SHA-256 of the decision key (well under Alpaca's 128-character limit). */
export function clientOrderIdFor(decisionKey: string): string {
  return `mlt-${createHash('sha256').update(decisionKey).digest('hex').slice(0, 40)}`;
}

/** For an order no decision identifies (no retry protection possible). */
export function randomClientOrderId(): string {
  return `mlt-r-${randomUUID()}`;
}
