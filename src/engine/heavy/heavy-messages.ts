// The messages between the heavy-work pool and its workers.
import type { HeavyTask, HeavyValue } from './heavy-task.ts';

export interface HeavyRequest {
  id: number;
  task: HeavyTask;
}

export type HeavyReply =
  | { id: number; ok: true; value: HeavyValue }
  /** `message` is a user's sentence when `forUser`, else the error with its stack (for the log only). */
  | { id: number; ok: false; message: string; forUser: boolean; modelId?: string };
