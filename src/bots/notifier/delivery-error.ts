// How a platform send failed, in the terms the notifier and the adapters act on: wait and retry (429), give the
// chat up (403: blocked or removed), retry later (network, 5xx), or give the message up (a bad request).
export type DeliveryFailure = 'rate-limited' | 'chat-gone' | 'transient' | 'permanent';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryFailure,
    message: string,
    /** For `rate-limited`: how long the platform asked to wait. */
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}
