// The sentences and buttons the core answers confirmations and refusals with.
import type { ChatMessage } from './chat-message.ts';
import type { ReplyButton } from './reply.ts';
import { aRole, type Role } from '../engine/access/role.ts';

/** The Confirm and Cancel buttons of a pending confirmation. */
export function confirmButtons(id: string): ReplyButton[] {
  return [
    { label: 'Confirm', data: `confirm:${id}`, style: 'primary' },
    { label: 'Cancel', data: `cancel:${id}`, style: 'danger' },
  ];
}

/** How a user is named in a chat sentence: `telegram:42`, or the console. */
export function userName(platform: string, userId: string): string {
  return platform === 'console' ? 'the console' : `${platform}:${userId}`;
}

/** Why a user may not run an intent: the role it needs, theirs, and how to get it. */
export function refusal(intent: string, need: Role, have: Role, message: ChatMessage): string {
  const who = userName(message.platform, message.userId);
  return `/${intent} needs ${aRole(need)}, and ${who} is ${aRole(have)}. An admin can grant it with /role add ${who} ${need}.`;
}
