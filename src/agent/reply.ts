// Platform-neutral answers: adapters render them (Telegram HTML, Slack Block Kit, plain console text).
export interface ReplyButton {
  label: string;
  /** Sent back as `ChatMessage.callbackData` when pressed. */
  data: string;
  /** How a platform that can shows it (Slack: green primary, red danger). */
  style?: 'primary' | 'danger';
}

export interface Reply {
  /** Plain text; lines separated by \n. */
  text: string;
  /** A monospace block (tables), shown after the text. */
  code?: string;
  /** Path of a PNG image (a chart) to attach, or null. */
  image?: string | null;
  buttons?: ReplyButton[];
  /** Commands for a persistent reply keyboard, in rows (Telegram shows it under the input box; others ignore it). */
  keyboard?: string[][];
  /** Only the asker should see it outside a direct message (their positions, orders, P&L, limits): Slack ephemeral. */
  private?: boolean;
}

export function textReply(text: string, extra: Omit<Reply, 'text'> = {}): Reply {
  return { text, ...extra };
}
