// What a chat remembers between messages (stored as JSON in chat_memory.state): the last symbol, model(s), window
// and backtest, so follow-ups like "now compare it with rsi" or "the same symbol" resolve.
import { z } from 'zod';

const backtestSummary = z.object({
  model: z.string(),
  symbol: z.string(),
  from: z.string(),
  to: z.string(),
  totalReturn: z.number(),
  cagr: z.number(),
  sharpe: z.number(),
  maxDrawdown: z.number(),
  trades: z.number(),
  benchmarkReturn: z.number(),
});

export const chatStateSchema = z.object({
  symbol: z.string().optional(),
  model: z.string().optional(),
  models: z.array(z.string()).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  lastIntent: z.object({ name: z.string(), args: z.record(z.string(), z.unknown()) }).optional(),
  lastBacktest: backtestSummary.optional(),
  /** The models the chat's last ranking (/leaderboard, /recommend) listed, best first: "backtest the best one". */
  ranking: z.object({ by: z.string(), symbol: z.string().optional(), models: z.array(z.string()) }).optional(),
});

export type ChatState = z.infer<typeof chatStateSchema>;

/** Reads stored JSON leniently: a field that no longer parses is dropped, never fatal. */
export function parseChatState(raw: unknown): ChatState {
  const whole = chatStateSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const out: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const [key, field] of Object.entries(chatStateSchema.shape)) {
      const v = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[key]);
      if (v.success && v.data !== undefined) out[key] = v.data;
    }
  }
  return out as ChatState;
}
