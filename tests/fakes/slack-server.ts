// A loopback stand-in for the Slack Web API as @slack/web-api 8 calls it (form-encoded POSTs to /api/<method> with
// a Bearer token): auth.test, chat.postMessage (Block Kit limits checked: 50 blocks, 3000-character sections),
// the files.uploadV2 flow (files.getUploadURLExternal, the upload URL, files.completeUploadExternal), and
// response_url endpoints. Plus request signing for posting signed requests to a Bolt receiver.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { sendJson, startLoopbackServer, type LoopbackServer } from './http-server.ts';

export interface SlackPosted {
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url';
  /** chat.postEphemeral: the one user who sees it. */
  user?: string;
  /** The channel (chat.postMessage) or the response_url's id. */
  channel: string;
  at: number;
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
  /** response_url posts: in_channel / ephemeral, replace_original. */
  responseType?: string;
  replaceOriginal?: boolean;
  threadTs?: string;
}

export interface SlackUpload {
  channel: string;
  fileId: string;
  title: string;
  filename: string;
  bytes: number;
  at: number;
}

export interface SlackCall {
  method: string;
  status: number;
  at: number;
  /** The channel a chat.postMessage was for. */
  channel?: string;
}

export interface SlackKnobs {
  /** The next N chat.postMessage calls are answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitPosts: number;
  retryAfterSeconds: number;
  /** Channels the bot is not in: chat.postMessage answers `channel_not_found`. */
  goneChannels: Set<string>;
}

export interface SlackFake extends LoopbackServer {
  botToken: string;
  /** What SLACK_API_URL should be. */
  apiUrl: string;
  knobs: SlackKnobs;
  calls: SlackCall[];
  posted: SlackPosted[];
  uploads: SlackUpload[];
  /** A response_url this fake answers (as Slack puts in slash commands and button actions). */
  responseUrl(id: string): string;
  waitFor(predicate: (posted: SlackPosted[], uploads: SlackUpload[]) => boolean, timeoutMs?: number): Promise<void>;
  postedTo(channel: string): SlackPosted[];
}

/** The headers Slack sends with a request: `v0=` + HMAC-SHA256(secret, `v0:{ts}:{body}`). */
export function signSlackRequest(signingSecret: string, body: string, timestampSec = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': signature };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readForm(req: IncomingMessage, body: Buffer): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, string>;
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (type.includes('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    const out: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
    return out;
  }
  return {};
}

/** Slack's Block Kit checks, as chat.postMessage answers them. */
function blocksProblem(blocks: SlackPosted['blocks']): string | null {
  if (blocks.length > 50) return 'invalid_blocks: no more than 50 items allowed';
  for (const b of blocks) {
    if (b.type === 'section' && (b.text?.text.length ?? 0) > 3000) return 'invalid_blocks: section text must be less than 3001 characters';
    if (b.type === 'actions' && (b.elements?.length ?? 0) > 25) return 'invalid_blocks: no more than 25 elements allowed';
  }
  return null;
}

export async function startSlackFake(opts: { botToken?: string } = {}): Promise<SlackFake> {
  const botToken = opts.botToken ?? 'xoxb-test-token-0000';
  const knobs: SlackKnobs = { rateLimitPosts: 0, retryAfterSeconds: 1, goneChannels: new Set() };
  const calls: SlackCall[] = [];
  const posted: SlackPosted[] = [];
  const uploads: SlackUpload[] = [];
  const pendingFiles = new Map<string, { filename: string; bytes: number }>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let nextFile = 1;
  let nextTs = 1;

  const server = await startLoopbackServer(async (req, res, url) => {
    const body = await readBody(req);
    const upload = /^\/upload\/(F\d+)$/.exec(url.pathname);
    if (upload) {
      const file = pendingFiles.get(upload[1]!);
      if (!file) return sendJson(res, 404, { ok: false });
      file.bytes = body.length;
      calls.push({ method: 'upload', status: 200, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - ' + body.length);
      return;
    }
    const response = /^\/response\/([\w-]+)$/.exec(url.pathname);
    if (response) {
      const msg = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      calls.push({ method: 'response_url', status: 200, at: Date.now() });
      posted.push({
        via: 'response_url',
        channel: response[1]!,
        at: Date.now(),
        text: String(msg.text ?? ''),
        blocks: (msg.blocks as SlackPosted['blocks']) ?? [],
        responseType: msg.response_type as string | undefined,
        replaceOriginal: msg.replace_original as boolean | undefined,
      });
      events.emit('change');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!api) return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const method = api[1]!;
    const form = await readForm(req, body);
    const record = (status: number) => calls.push({ method, status, at: Date.now(), channel: form.channel ?? form.channel_id });
    if (req.headers.authorization !== `Bearer ${botToken}`) {
      record(200);
      return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    }
    switch (method) {
      case 'auth.test':
        record(200);
        return sendJson(res, 200, { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'mltrainer', team_id: 'T0TEST', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage': {
        if (knobs.rateLimitPosts > 0) {
          knobs.rateLimitPosts--;
          record(429);
          return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(knobs.retryAfterSeconds) });
        }
        if (knobs.goneChannels.has(form.channel ?? '')) {
          record(200);
          return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
        }
        const blocks = form.blocks ? (JSON.parse(form.blocks) as SlackPosted['blocks']) : [];
        const problem = blocksProblem(blocks);
        if (problem) {
          record(200);
          return sendJson(res, 200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } });
        }
        if (!form.text && blocks.length === 0) {
          record(200);
          return sendJson(res, 200, { ok: false, error: 'no_text' });
        }
        record(200);
        const ts = `1700000000.${String(nextTs++).padStart(6, '0')}`;
        posted.push({ via: 'chat.postMessage', channel: form.channel!, at: Date.now(), text: form.text ?? '', blocks, threadTs: form.thread_ts });
        events.emit('change');
        return sendJson(res, 200, { ok: true, channel: form.channel, ts, message: { text: form.text, ts } });
      }
      case 'chat.postEphemeral': {
        // Shown only to `user` in `channel`; Slack needs both, and text or blocks.
        const blocks = form.blocks ? (JSON.parse(form.blocks) as SlackPosted['blocks']) : [];
        const problem = blocksProblem(blocks);
        if (!form.channel || !form.user || problem || (!form.text && blocks.length === 0)) {
          record(200);
          return sendJson(res, 200, { ok: false, error: problem ? 'invalid_blocks' : !form.user ? 'user_not_in_channel' : 'no_text' });
        }
        record(200);
        posted.push({ via: 'chat.postEphemeral', channel: form.channel, user: form.user, at: Date.now(), text: form.text ?? '', blocks, threadTs: form.thread_ts });
        events.emit('change');
        return sendJson(res, 200, { ok: true, message_ts: `1700000000.${String(nextTs++).padStart(6, '0')}` });
      }
      case 'files.getUploadURLExternal': {
        record(200);
        const id = `F${nextFile++}`;
        pendingFiles.set(id, { filename: form.filename ?? 'file', bytes: 0 });
        return sendJson(res, 200, { ok: true, upload_url: `${server.url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(form.files ?? '[]') as { id: string; title?: string }[];
        for (const f of files) {
          const pending = pendingFiles.get(f.id);
          if (!pending || pending.bytes === 0) {
            record(200);
            return sendJson(res, 200, { ok: false, error: 'file_not_found' });
          }
          uploads.push({ channel: form.channel_id ?? '', fileId: f.id, title: f.title ?? '', filename: pending.filename, bytes: pending.bytes, at: Date.now() });
        }
        record(200);
        events.emit('change');
        return sendJson(res, 200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        record(200);
        return sendJson(res, 200, { ok: false, error: 'unknown_method' });
    }
  });

  return {
    ...server,
    botToken,
    apiUrl: `${server.url}/api/`,
    knobs,
    calls,
    posted,
    uploads,
    responseUrl: (id) => `${server.url}/response/${id}`,
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(posted, uploads)) return;
          clearTimeout(timer);
          events.off('change', check);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('change', check);
          reject(new Error(`slack fake: condition not met within ${timeoutMs} ms (${posted.length} posted)`));
        }, timeoutMs);
        events.on('change', check);
        check();
      });
    },
    postedTo: (channel) => posted.filter((p) => p.channel === channel),
  };
}
