// The one interface both understanders implement: a chat message and the chat's memory in, an intent (or an answer
// already produced through tool use, or "not understood") out.
import type { ChatMessage } from '../chat-message.ts';
import type { UnderstoodIntent } from '../intent.ts';
import type { ChatState } from '../chat-state.ts';
import type { HistoryMessage } from '../../engine/chat/chat-memory-store.ts';
import type { Reply } from '../reply.ts';

/** What the understanders may know about the world: the stored symbols and their newest bars, and the model ids. */
export interface Vocabulary {
  symbols: readonly string[];
  /** Newest bar date (YYYY-MM-DD) per symbol. */
  newest: Readonly<Record<string, string>>;
  isModelId(id: string): boolean;
  /** Today by the clock, YYYY-MM-DD (anchor for relative dates when there are no bars). */
  today: string;
  /** The stored timeframes per symbol ('1d', '1mo', ...), so a sentence asking for other bars is answered honestly. */
  timeframes?: Readonly<Record<string, readonly string[]>>;
  /** Every registry model's id and output kind, for family words ("lstm", "random forest") that name several ids. */
  models?: readonly { id: string; output: string }[];
}

export interface UnderstandInput {
  message: ChatMessage;
  memory: ChatState;
  history: readonly HistoryMessage[];
  vocabulary: Vocabulary;
}

/** Runs an intent for an understander that executes tools itself (Claude); applies the same checks as the core. */
export type IntentRunner = (intent: UnderstoodIntent) => Promise<{ intent: UnderstoodIntent | null; replies: Reply[]; ok: boolean }>;

export type Understanding =
  /** `note` says how the message was read when that was not literal (a corrected spelling). */
  | { kind: 'intent'; intent: UnderstoodIntent; note?: string }
  /**
   * Answered without running anything: a name the store or registry does not hold, or a short question when the
   * message is ambiguous (with buttons whose data is the command to run). `intent` is what was understood, if anything.
   */
  | { kind: 'ask'; intent: UnderstoodIntent | null; reply: Reply }
  | { kind: 'unknown'; reply: string }
  /** The understander already ran the intents (tool use) and composed the answer. */
  | { kind: 'answered'; intent: UnderstoodIntent | null; replies: Reply[] };

export interface Understander {
  readonly name: string;
  understand(input: UnderstandInput, run: IntentRunner): Promise<Understanding>;
}
