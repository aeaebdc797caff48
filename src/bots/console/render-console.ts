// Renders the core's replies as plain terminal text.
import type { Reply } from '../../agent/reply.ts';

export function renderConsoleReply(reply: Reply): string {
  const parts = [reply.text];
  if (reply.code) parts.push(reply.code);
  if (reply.image) parts.push(`[chart: ${reply.image}]`);
  if (reply.buttons?.length) parts.push(`(reply ${reply.buttons.map((b) => `"${b.label.toLowerCase()}"`).join(' or ')})`);
  return parts.join('\n');
}
