// Slack Web API failures classed for retry decisions: a 429 names its Retry-After; a channel the bot left or
// lost is given up; network and 5xx errors are retried; other API errors are not.
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../notifier/delivery-error.ts';

const GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'messages_tab_disabled']);

export function toSlackDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError('rate-limited', `Slack rate limit: retry after ${err.retryAfter} s`, err.retryAfter * 1000);
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    return new DeliveryError(GONE.has(code) ? 'chat-gone' : 'permanent', `Slack error: ${code}`);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError(err.statusCode >= 500 ? 'transient' : 'permanent', `Slack HTTP ${err.statusCode}`);
  }
  return new DeliveryError('transient', err instanceof Error ? err.message : String(err));
}
