// Sends rendered parts to a Slack channel (chat.postMessage with blocks; charts through files.uploadV2, which
// calls files.getUploadURLExternal, posts the bytes, then files.completeUploadExternal). Serves the adapter's
// replies and the notifier's deliveries.
import fs from 'node:fs';
import path from 'node:path';
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../agent/reply.ts';
import type { OutboxPayload } from '../../engine/notify/outbox-store.ts';
import { logger } from '../../log.ts';
import type { DeliveryChannel } from '../notifier/delivery-channel.ts';
import { renderSlackReply, type SlackPart } from './slack-blocks.ts';
import { slackCommands } from './slack-commands.ts';
import { toSlackDeliveryError } from './slack-errors.ts';

const log = logger('slack');

export class SlackSender implements DeliveryChannel<SlackPart> {
  readonly platform = 'slack' as const;

  constructor(private readonly client: webApi.WebClient) {}

  partsOf(payload: OutboxPayload): SlackPart[] {
    return renderSlackReply(payload, slackCommands());
  }

  isGroup(): boolean {
    return false;
  }

  async sendPart(channel: string, part: SlackPart, threadTs?: string, onlyFor?: string): Promise<void> {
    try {
      if (part.kind === 'message') {
        // A private answer (the user's own account) is shown only to them: chat.postEphemeral.
        if (onlyFor) await this.client.chat.postEphemeral({ channel, user: onlyFor, text: part.text, blocks: part.blocks, thread_ts: threadTs });
        else await this.client.chat.postMessage({ channel, text: part.text, blocks: part.blocks, thread_ts: threadTs });
        return;
      }
      if (!fs.existsSync(part.path)) {
        log.warn({ path: part.path }, 'chart file missing: not uploaded');
        return;
      }
      const upload = {
        channel_id: channel,
        file: fs.readFileSync(part.path),
        filename: path.basename(part.path),
        title: part.title,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      } as webApi.FilesUploadV2Arguments;
      await this.client.filesUploadV2(upload);
    } catch (err) {
      throw toSlackDeliveryError(err);
    }
  }

  /** Sends a reply's parts in order, once each (the adapter's replies go through the pacer and its retries instead). */
  async sendReply(channel: string, reply: Reply, opts: { threadTs?: string } = {}): Promise<void> {
    for (const part of renderSlackReply(reply, slackCommands())) await this.sendPart(channel, part, opts.threadTs);
  }
}
