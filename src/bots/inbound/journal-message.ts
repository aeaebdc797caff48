// Reads a chat message back from the update journal (stored as JSON by an earlier process, possibly an older
// version): checked field by field, so a row that does not fit is given up rather than handed to the core half-read.
import { z } from 'zod';
import type { ChatMessage } from '../../agent/chat-message.ts';

const journalMessage = z.object({
  platform: z.enum(['console', 'telegram', 'slack']),
  chatId: z.string(),
  userId: z.string(),
  text: z.string(),
  callbackData: z.string().optional(),
  messageId: z.string().optional(),
});

export function parseJournalMessage(stored: unknown): ChatMessage | null {
  const parsed = journalMessage.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
