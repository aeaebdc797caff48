// Telegram limits a button's callback data to 64 bytes: longer data is kept here under a short key and looked up
// when the button is pressed (in memory: such a button stops working after a restart, and the core says so).
import { createHash } from 'node:crypto';

const MAX_CALLBACK_BYTES = 64;
const PREFIX = '#cb:';

export class CallbackDataBook {
  private readonly long = new Map<string, string>();

  /** The callback data to put on a button. */
  toButton(data: string): string {
    if (Buffer.byteLength(data, 'utf8') <= MAX_CALLBACK_BYTES && !data.startsWith(PREFIX)) return data;
    const key = PREFIX + createHash('sha256').update(data).digest('base64url').slice(0, 40);
    this.long.set(key, data);
    if (this.long.size > 10_000) this.long.delete(this.long.keys().next().value!); // not empty: forget the oldest
    return key;
  }

  /** The core's data for a pressed button (the button's own data when it was short). */
  fromButton(data: string): string {
    return data.startsWith(PREFIX) ? (this.long.get(data) ?? data) : data;
  }
}
