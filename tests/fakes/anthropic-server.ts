// A loopback stand-in for the Anthropic Messages API (`POST /v1/messages`): checks the key (Authorization: Bearer or
// x-api-key), records every request, and answers from a script of responses (text, tool_use blocks, or a function
// of the request, or one answer repeated forever), with knobs for overload (529), server errors (500), slow answers (timeouts) and anything else.
import type { IncomingMessage } from 'node:http';
import { sendJson, startLoopbackServer, type LoopbackServer } from './http-server.ts';

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: MessagesRequest;
}

/** The parts of a Messages API request the tests look at. */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  system?: string;
  tools?: { name: string; description: string; input_schema: Record<string, unknown> }[];
  messages: { role: 'user' | 'assistant'; content: string | Record<string, unknown>[] }[];
}

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface ScriptedAnswer {
  /** HTTP status (default 200). */
  status?: number;
  /** Wait this long before answering (a slow server, for timeouts). */
  delayMs?: number;
  /** A message (status 200) or an error body. */
  content?: ContentBlock[];
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  errorType?: string;
}

export type ScriptStep = ScriptedAnswer | ((req: MessagesRequest) => ScriptedAnswer);

export interface AnthropicFake extends LoopbackServer {
  requests: RecordedRequest[];
  /** Answers in order; when empty, `whenEmpty` (or a plain "(script ended)" text answer). */
  script: ScriptStep[];
  /** Answered, again and again, once the script is used up (a model that never stops calling tools). */
  whenEmpty: ScriptStep | null;
  /** The next N requests (each retry counts) are answered with `failureStatus` (529 overloaded, 500...). */
  failures: number;
  failureStatus: number;
}

export const FAKE_KEY = 'sk-ant-test-key';

let nextId = 1;

/** A tool_use block. */
export function toolUse(name: string, input: unknown): ContentBlock {
  return { type: 'tool_use', id: `toolu_${String(nextId++).padStart(4, '0')}`, name, input };
}

export function text(t: string): ContentBlock {
  return { type: 'text', text: t };
}

/** The text of every tool_result block in the request's last user message. */
export function lastToolResults(req: MessagesRequest): string[] {
  const last = req.messages[req.messages.length - 1];
  if (!last || typeof last.content === 'string') return [];
  return last.content.filter((b) => b.type === 'tool_result').map((b) => String(b.content));
}

function errorBody(status: number, type?: string) {
  const t = type ?? (status === 529 ? 'overloaded_error' : status === 401 ? 'authentication_error' : status === 400 ? 'invalid_request_error' : 'api_error');
  return { type: 'error', error: { type: t, message: `${t} (fake)` } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAnthropicFake(key = FAKE_KEY): Promise<AnthropicFake> {
  // The handler reads the knobs from the returned object, so tests can change them at any time.
  let state!: AnthropicFake;
  const server = await startLoopbackServer(async (req, res, url) => {
    if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
      sendJson(res, 404, errorBody(404, 'not_found_error'));
      return;
    }
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice(7) : req.headers['x-api-key'];
    if (given !== key) {
      sendJson(res, 401, errorBody(401));
      return;
    }
    let body: MessagesRequest;
    try {
      body = JSON.parse(await readBody(req)) as MessagesRequest;
    } catch {
      sendJson(res, 400, errorBody(400));
      return;
    }
    state.requests.push({ headers: req.headers, body });
    // Quick retries: the SDK honours retry-after-ms.
    const retryHeaders = { 'retry-after-ms': '10' };
    if (state.failures > 0) {
      state.failures--;
      sendJson(res, state.failureStatus, errorBody(state.failureStatus), retryHeaders);
      return;
    }
    const step = state.script.shift() ?? state.whenEmpty ?? undefined;
    const answer: ScriptedAnswer = typeof step === 'function' ? step(body) : (step ?? { content: [text('(script ended)')] });
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    const status = answer.status ?? 200;
    if (status !== 200) {
      sendJson(res, status, errorBody(status, answer.errorType), retryHeaders);
      return;
    }
    const content = answer.content ?? [];
    sendJson(res, 200, {
      id: `msg_fake_${state.requests.length}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: answer.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    });
  });
  state = Object.assign(server, { requests: [], script: [], whenEmpty: null, failures: 0, failureStatus: 529 });
  return state;
}
