// What every adapter hands the conversation core: one incoming chat message, platform-neutral.
export type Platform = 'console' | 'telegram' | 'slack';

export interface ChatMessage {
  platform: Platform;
  /** The conversation (a Telegram chat id, a Slack channel id, `console`). Memory is kept per chat. */
  chatId: string;
  /** The sender (a Telegram user id, a Slack user id, `local`). Authorisation is per user. */
  userId: string;
  text: string;
  /** Set when the message is a button press (a confirmation callback) rather than typed text. */
  callbackData?: string;
  /** The platform's id of the message or update, when it has one (used in order idempotency keys). */
  messageId?: string;
  /**
   * Set when the message was received before a crash or a stop and is answered after the restart: an action it
   * confirmed may already have run (its confirmation taken, its order sent), so it is looked up, never repeated.
   */
  redelivered?: boolean;
}
