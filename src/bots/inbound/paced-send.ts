// Sends one message of an answer within the platform's limits and keeps trying until it is delivered: a 429 holds the
// chat for the time the platform names, a network error or a 5xx backs off, and only a refusal that cannot change
// (the chat is gone, the message is refused) or half an hour of failures gives it up. A stop ends the trying: the
// update stays unanswered in the journal and the next start answers it.
import { logger } from '../../log.ts';
import { DeliveryError } from '../notifier/delivery-error.ts';
import type { PlatformPacer } from '../notifier/platform-pacer.ts';
import type { SendOutcome } from './inbound-pipeline.ts';

const log = logger('replies');

export interface PacedSendOptions {
  pacer: PlatformPacer;
  /** True once the adapter is stopping: a failed send is not tried again (the next start answers the update). */
  stopping(): boolean;
  /** Longest time spent retrying one message (default 30 minutes). */
  giveUpAfterMs?: number;
  now?: () => number;
}

const MAX_BACKOFF_MS = 30_000;

export async function sendPaced(chatId: string, send: () => Promise<void>, opts: PacedSendOptions): Promise<SendOutcome> {
  const now = opts.now ?? Date.now;
  const started = now();
  const giveUpAfter = opts.giveUpAfterMs ?? 30 * 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await opts.pacer.send(chatId, send);
      return 'sent';
    } catch (err) {
      if (opts.stopping()) return 'stopped';
      const e = err instanceof DeliveryError ? err : new DeliveryError('transient', err instanceof Error ? err.message : String(err));
      if (e.kind === 'chat-gone' || e.kind === 'permanent') {
        log.warn({ chatId, kind: e.kind, reason: e.message }, 'reply refused by the platform: given up');
        return 'given-up';
      }
      if (now() - started > giveUpAfter) {
        log.error({ chatId, attempts: attempt, reason: e.message }, 'reply still failing after the longest wait: given up');
        return 'given-up';
      }
      const waitMs = e.kind === 'rate-limited' ? e.retryAfterMs : Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);
      log.info({ chatId, kind: e.kind, waitMs, attempt }, 'reply not delivered yet: trying again');
      // The chat is held for every sender (the notifier too); the next try waits for it in the pacer.
      opts.pacer.holdChat(chatId, waitMs);
    }
  }
}
