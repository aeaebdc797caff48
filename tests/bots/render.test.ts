// Rendering the core's replies for each platform's limits, for every input: Telegram HTML parts parse, stay under
// 4096 (captions 1024) and lose nothing; Slack sections stay under 3000 and messages under 50 blocks.
import type { InlineKeyboardMarkup } from 'telegraf/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/bots/notifier/split-text.ts';
import { renderSlackReply } from '../../src/bots/slack/slack-blocks.ts';
import { CallbackDataBook } from '../../src/bots/telegram/callback-data-book.ts';
import { htmlSize, renderTelegramReply } from '../../src/bots/telegram/telegram-html.ts';
import { parseTelegramHtml } from '../fakes/telegram-server.ts';

const chars = fc.constantFrom('a', 'b', ' ', '\n', '<', '>', '&', 'é', '😀', '|', '*');
const text = (max: number) => fc.array(chars, { maxLength: max }).map((a) => a.join(''));

describe('splitText', () => {
  it('keeps every piece within the limit and loses no character but the line breaks it cut at', () => {
    fc.assert(
      fc.property(text(3000), fc.integer({ min: 8, max: 400 }), (t, limit) => {
        const pieces = splitText(t, limit, htmlSize);
        for (const p of pieces) expect(htmlSize(p)).toBeLessThanOrEqual(limit);
        expect(pieces.join('').replace(/\n/g, '')).toBe(t.replace(/\n/g, ''));
      }),
      { numRuns: 150 },
    );
  });
});

describe('Telegram HTML rendering', () => {
  it('produces parts that parse, fit 4096 and show the whole reply', () => {
    fc.assert(
      fc.property(text(9000), fc.option(text(9000), { nil: undefined }), (t, code) => {
        const parts = renderTelegramReply({ text: t, code }, new CallbackDataBook());
        let shown = '';
        for (const p of parts) {
          expect(p.kind).toBe('text');
          if (p.kind !== 'text') continue;
          expect(p.html.length).toBeLessThanOrEqual(4096);
          const parsed = parseTelegramHtml(p.html);
          expect(parsed).not.toHaveProperty('error');
          shown += 'plain' in parsed ? parsed.plain : '';
        }
        const visible = (s: string) => s.replace(/\s/g, '');
        expect(visible(shown)).toBe(visible(t.trim() === '' ? '' : t) + visible(code ?? ''));
      }),
      { numRuns: 100 },
    );
  });

  it('puts a short text under a chart as its caption, a long one before it', () => {
    const book = new CallbackDataBook();
    expect(renderTelegramReply({ text: 'SPX & friends', image: '/tmp/c.png' }, book)).toEqual([
      { kind: 'photo', path: '/tmp/c.png', captionHtml: 'SPX &amp; friends' },
    ]);
    const long = renderTelegramReply({ text: 'x'.repeat(1500), image: '/tmp/c.png' }, book);
    expect(long.map((p) => p.kind)).toEqual(['text', 'photo']);
    expect(long[1]).toEqual({ kind: 'photo', path: '/tmp/c.png', captionHtml: undefined });
  });

  it('keeps button data Telegram refuses (over 64 bytes) behind a short key', () => {
    const book = new CallbackDataBook();
    const data = `confirm:${'z'.repeat(100)}`;
    const [part] = renderTelegramReply({ text: 'Sure?', buttons: [{ label: 'Yes', data }] }, book);
    const sent = (part!.keyboard as InlineKeyboardMarkup).inline_keyboard[0]![0]! as { callback_data: string };
    expect(Buffer.byteLength(sent.callback_data)).toBeLessThanOrEqual(64);
    expect(book.fromButton(sent.callback_data)).toBe(data);
  });
});

describe('Slack Block Kit rendering', () => {
  it('keeps sections under 3000 characters and messages under 50 blocks', () => {
    fc.assert(
      fc.property(text(40_000), fc.option(text(200_000), { nil: undefined }), (t, code) => {
        for (const part of renderSlackReply({ text: t, code })) {
          if (part.kind !== 'message') continue;
          expect(part.blocks.length).toBeLessThanOrEqual(50);
          for (const b of part.blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
        }
      }),
      { numRuns: 20 },
    );
  });
});
