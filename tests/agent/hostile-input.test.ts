// A property over every intent with hostile text: slash commands built from each intent's name and argument keys
// with hostile values, and plain-English requests with hostile numbers, dates, symbols, NUL, lone surrogates and
// prototype keys. Whatever the message, the answer is never the apology of an internal error, shows no NaN, Infinity
// or -0 as a number, and is valid Telegram HTML within Telegram's limits.
// FUZZ_MESSAGES raises the number of messages (10,000 for the figure in the README); a run with it prints the counts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { cleanChatText } from '../../src/agent/chat-text.ts';
import { allIntents } from '../../src/agent/intents/index.ts';
import type { Reply } from '../../src/agent/reply.ts';
import { CallbackDataBook } from '../../src/bots/telegram/callback-data-book.ts';
import { renderTelegramReply, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../src/bots/telegram/telegram-html.ts';
import { parseTelegramHtml } from '../fakes/telegram-server.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Messages per run: a thousand keep the suite quick (seconds); the hand-run figure used 10,000. */
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20);

let app: TestApp;
let agent: MlAgent;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0));

beforeAll(async () => {
  app = await createTestApp({ MLTRAINER_ALLOWED_USERS: 'telegram:42' }, { clock, withTrading: true });
  agent = app.agent;
});

afterAll(async () => {
  await app?.close();
});

const NUMBERS = [
  '1e-320', '1e308', '-1e308', '1.5e3', '0x10', '0b11', '0o7', '1/2', '2^64', '2**64', '-5', '-0', '+0', '0', '-0.0', '0.0000001',
  '1,000', '1,00', '1,000.5', '99999999999999999999', '99999999999999999999999', '9007199254740993', 'NaN', 'Infinity', '-Infinity',
  '.', '-', '+', '$', '5%', '-5%', '150%', '٣', '１２', '1_000', '0.1', '3', '2.5', '10', '100', '65536', '2147483648', '',
];
const DATES = ['2020-02-30', '2019-13-01', '0000-00-00', '9999-99-99', '2999-01-01', '1900-01-01', '1969-12-31', '2020-2-3', '2010-01-01', '2020-04-17', '2100-12-31', '-2020-01-01'];
const SYMBOLS = ['SPX', 'spx', 'AAPL', 'SP\u0000X', 'A'.repeat(300), 'BRK.B', '^GSPC', '💥', '\ud800', '\udc00X', '<b>', '&amp;', '</pre>', '`x`', 'TSLA', 'all', 'S&P', 'ÄÖÜ', '\u202eXPS'];
const MODELS = ['sma-cross-20-50', 'rsi-14-30-70', 'buy-and-hold', 'momentum-252', 'nope-model', 'sma-cross-0-0', 'rsi-99999999999999999999-1-2', 'garch-1-1', '<script>', 'x'.repeat(500)];
const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const WORDS = ['all', 'on', 'off', 'status', 'day', 'week', 'month', 'gtc', 'limit', 'alerts', 'daily', 'add', 'remove', 'oos', 'polygon', 'fred', 'yes', 'no'];

/** Any UTF-16 text, lone surrogates and NUL included. */
const junk = fc.string({ unit: 'binary', maxLength: 12 });
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...DATES) },
  { weight: 2, arbitrary: fc.constantFrom(...SYMBOLS) },
  { weight: 1, arbitrary: fc.constantFrom(...MODELS) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: junk },
);

const intents = allIntents();
const keysOf = (name: string) => Object.keys(intents.find((i) => i.name === name || i.aliases?.includes(name))!.args.shape as object);

/** `/name tok tok key=value ...` with hostile tokens, the intent's own keys and inherited ones. */
const slash = fc
  .tuple(
    fc.constantFrom(...intents.flatMap((i) => [i.name, ...(i.aliases ?? [])])),
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: value },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO), value).map(([k, v]) => `${k}=${v}`) },
      ),
      { maxLength: 4 },
    ),
    fc.boolean(),
  )
  .chain(([name, tokens, keyed]) =>
    keyed && keysOf(name).length > 0
      ? fc.tuple(fc.constantFrom(...keysOf(name)), value).map(([k, v]) => `/${name} ${[...tokens, `${k}=${v}`].join(' ')}`)
      : fc.constant(`/${name} ${tokens.join(' ')}`),
  );

const TEMPLATES: ((n: string, d: string, s: string, m: string) => string)[] = [
  (n, _d, s) => `buy ${n} shares of ${s}`,
  (n, _d, s) => `sell ${n} ${s} at ${n}`,
  (n, _d, s) => `buy ${n} ${s} limit ${n} gtc`,
  (_n, d, s, m) => `backtest ${m} on ${s} from ${d} to ${d}`,
  (n, _d, s) => `how did ${s} do in the last ${n} days`,
  (n, _d, s, m) => `backtest ${m} on ${s} over the past ${n} years`,
  (n) => `my last ${n} trades`,
  (n) => `profit stats for the last ${n} days`,
  (n, _d, s) => `what is the risk of ${s} at ${n}%`,
  (n) => `set max position to ${n}%`,
  (n) => `at most ${n} positions`,
  (n) => `cancel order #${n}`,
  (_n, d, s) => `why do we hold ${s} on ${d}`,
  (_n, d, s, m) => `compare ${m} and sma-cross-20-50 on ${s} since ${d}`,
  (_n, _d, s) => `what's the price of ${s}?`,
  (n, _d, s, m) => `backtest ${m} on ${s} with ${n} bps`,
  (_n, _d, s) => `close ${s}`,
  (n, _d, _s, m) => `what about ${m} with ${n} lags`,
  (n) => `daily p&l for the last ${n} days`,
  (_n, d, s) => `pull ${s} from polygon since ${d}`,
];

const english = fc
  .tuple(fc.nat(TEMPLATES.length - 1), value, fc.constantFrom(...DATES), fc.constantFrom(...SYMBOLS), fc.constantFrom(...MODELS), fc.option(junk, { nil: undefined }))
  .map(([i, n, d, s, m, extra]) => TEMPLATES[i]!(n, d, s, m) + (extra ?? ''));

const message = fc.oneof(slash, english, junk, fc.tuple(fc.constantFrom(...PROTO), value).map(([k, v]) => `/help ${k}=${v}`));

/** Who sends it and how: typed by an allowed trader, by an outsider, on Slack or the console, or pressed as a button. */
const SENDERS: Pick<ChatMessage, 'platform' | 'userId'>[] = [
  { platform: 'telegram', userId: '42' },
  { platform: 'telegram', userId: '42' },
  { platform: 'telegram', userId: '999' },
  { platform: 'slack', userId: 'U9' },
  { platform: 'console', userId: 'local' },
];
const pressed = fc.oneof(
  message,
  fc.tuple(fc.constantFrom('confirm:', 'cancel:'), fc.oneof(junk, fc.constantFrom(...NUMBERS))).map(([a, b]) => a + b),
);
const sent = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(message, fc.nat(SENDERS.length - 1)).map(([text, who]) => ({ ...SENDERS[who]!, text })) },
  { weight: 1, arbitrary: fc.tuple(pressed, fc.nat(SENDERS.length - 1)).map(([data, who]) => ({ ...SENDERS[who]!, text: '', callbackData: data })) },
);

const APOLOGY = /Sorry, (?:something went wrong|\/\S+ failed on my side)/;
/** NaN, Infinity or a negative zero shown as a number ("-0", "-0.00"), not a part of a word, a date or an id. */
const ODD_NUMBER = /\bNaN\b|\bInfinity\b|(?<![\w.-])-0(?:\.0+)?(?![\d.])/;

/** The reply with what the user typed taken out: an echo of their "NaN" is not a number the bot made. */
function withoutEcho(reply: string, sent: string): string {
  // The agent reads the message without NUL, control characters and lone surrogates, and echoes it so.
  const typed = cleanChatText(sent);
  let out = reply;
  const pieces = [typed, typed.toLowerCase(), ...typed.split(/\s+/), ...typed.toLowerCase().split(/\s+/)]
    .flatMap((p) => [p, p.replace(/^.*=/, ''), p.replace(/[?!.,;:%]+$/, '')])
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const p of pieces) out = out.split(p).join(' ');
  return out;
}

/** Why the replies break a rule, or null. */
function problems(typed: string, replies: readonly Reply[]): string | null {
  if (replies.length === 0) return 'no reply';
  for (const r of replies) {
    const text = [r.text, r.code ?? '', ...(r.buttons ?? []).map((b) => b.label)].join('\n');
    if (APOLOGY.test(text)) return `apology: ${r.text}`;
    const odd = ODD_NUMBER.exec(withoutEcho(text, typed));
    if (odd) return `odd number "${odd[0]}" in: ${text.slice(0, 300)}`;
    for (const part of renderTelegramReply(r, new CallbackDataBook())) {
      const html = part.kind === 'text' ? part.html : (part.captionHtml ?? '');
      const limit = part.kind === 'text' ? TELEGRAM_TEXT_LIMIT : TELEGRAM_CAPTION_LIMIT;
      const parsed = parseTelegramHtml(html);
      if ('error' in parsed) return `Telegram HTML: ${parsed.error}`;
      if (parsed.plain.length > limit) return `Telegram: ${parsed.plain.length} characters, over ${limit}`;
      if (part.kind === 'text' && parsed.plain.trim() === '') return 'Telegram: an empty message';
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/.test(html)) return 'Telegram: NUL or a lone surrogate';
    }
  }
  return null;
}

describe('hostile input', () => {
  it(`answers ${MESSAGES} hostile messages over every intent without an internal error, odd numbers or broken Telegram HTML`, async () => {
    const failures: { text: string; why: string }[] = [];
    const samples = fc.sample(sent, { numRuns: MESSAGES, seed: SEED });
    let i = 0;
    for (const one of samples) {
      // A few chats, so follow-ups meet the memory an earlier hostile message left.
      const msg: ChatMessage = { ...one, chatId: `fuzz-${i++ % 5}`, messageId: String(i) };
      const r = await agent.handle(msg);
      const typed = msg.callbackData ?? msg.text;
      const why = problems(typed, r.replies);
      if (why) failures.push({ text: typed, why });
    }
    if (process.env.FUZZ_MESSAGES) {
      const count = (re: RegExp) => failures.filter((f) => re.test(f.why)).length;
      console.log(`hostile input: ${samples.length} messages, ${count(/^apology/)} apologies, ${count(/^odd number/)} odd numbers, ${count(/^Telegram/)} Telegram faults`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 600_000);

  it('keeps every reply readable for a message built from prototype keys alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...intents.map((i) => i.name)), fc.constantFrom(...PROTO), value, async (name, key, v) => {
        const text = `/${name} ${key}=${v}`;
        const r = await agent.handle({ platform: 'telegram', chatId: 'proto', userId: '42', text });
        expect(problems(text, r.replies)).toBeNull();
      }),
      { numRuns: 60, seed: SEED },
    );
  });
});
