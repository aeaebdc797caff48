// Renders the core's replies as Slack Block Kit: mrkdwn sections under 3000 characters (escaped & < >), tables in
// ``` blocks, buttons as an actions block, at most 50 blocks a message (a longer answer becomes several
// messages); charts are uploaded as files after the text.
import type { Reply } from '../../agent/reply.ts';
import { splitText, type Measure } from '../notifier/split-text.ts';

export const SECTION_TEXT_LIMIT = 3000;
export const BLOCKS_PER_MESSAGE = 50;
const BUTTONS_PER_ACTIONS = 25;
const BUTTON_LABEL_LIMIT = 75;
const FALLBACK_TEXT_LIMIT = 300;
export const BUTTON_ACTION_PREFIX = 'mlt_btn_';

export interface SlackSection {
  type: 'section';
  text: { type: 'mrkdwn'; text: string };
}

export interface SlackActions {
  type: 'actions';
  elements: { type: 'button'; action_id: string; text: { type: 'plain_text'; text: string }; value: string; style?: 'primary' | 'danger' }[];
}

export type SlackBlock = SlackSection | SlackActions;

export type SlackPart =
  | { kind: 'message'; text: string; blocks: SlackBlock[] }
  | { kind: 'file'; path: string; title: string };

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const mrkdwnSize: Measure = (s) => escapeMrkdwn(s).length;

/**
 * Slack reaches the bot through its one slash command, `/ml`: a mention of one of its commands ("/compare A B SPX")
 * is written the way a Slack user types it ("/ml compare A B SPX").
 */
export function slackCommandForm(text: string, commands: readonly string[]): string {
  if (commands.length === 0) return text;
  const names = [...commands].sort((a, b) => b.length - a.length).join('|');
  return text.replace(new RegExp(`(^|[\\s(\`"'])/(${names})\\b`, 'g'), '$1/ml $2');
}

export function renderSlackReply(reply: Reply, commands: readonly string[] = []): SlackPart[] {
  const blocks: SlackBlock[] = [];
  const section = (text: string): SlackSection => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const text = slackCommandForm(reply.text, commands);
  if (text.trim()) for (const t of splitText(text, SECTION_TEXT_LIMIT, mrkdwnSize)) blocks.push(section(escapeMrkdwn(t)));
  if (reply.code) {
    const room = SECTION_TEXT_LIMIT - '```\n\n```'.length;
    for (const c of splitText(slackCommandForm(reply.code, commands), room, mrkdwnSize)) blocks.push(section('```\n' + escapeMrkdwn(c) + '\n```'));
  }
  const buttons = reply.buttons ?? [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ACTIONS) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + BUTTONS_PER_ACTIONS).map((b, j) => ({
        type: 'button',
        action_id: `${BUTTON_ACTION_PREFIX}${i + j}`,
        text: { type: 'plain_text', text: b.label.slice(0, BUTTON_LABEL_LIMIT) },
        value: b.data,
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  const fallback = fallbackText(text);
  const parts: SlackPart[] = [];
  for (let i = 0; i < blocks.length; i += BLOCKS_PER_MESSAGE) {
    parts.push({ kind: 'message', text: fallback, blocks: blocks.slice(i, i + BLOCKS_PER_MESSAGE) });
  }
  if (reply.image) parts.push({ kind: 'file', path: reply.image, title: fallback || 'chart' });
  return parts;
}

/** The notification text Slack shows where blocks cannot be (first line, shortened). */
function fallbackText(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  return first.length <= FALLBACK_TEXT_LIMIT ? first : `${first.slice(0, FALLBACK_TEXT_LIMIT - 1)}…`;
}
