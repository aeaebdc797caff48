// `mltrainer chat [MESSAGE]`: one exchange, or a chat on stdin/stdout until end of input.
import type { Command } from 'commander';
import { consoleMessage, formatResult, runConsoleChat } from '../../bots/console/console-chat.ts';
import { ConsoleNotifier } from '../../bots/notifier/console-notifier.ts';
import { withApp } from '../run-command.ts';
import { cliIo } from '../cli-io.ts';

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('chat with mlTrainer in the terminal (one MESSAGE, or lines from stdin until end of input)')
    .argument('[message...]', 'a message to send; without it, read messages from stdin')
    .option('--json', 'print one JSON document per message: {"intent", "replies"}')
    .action(async (words: string[], opts: { json?: boolean }) => {
      await withApp(async (app) => {
        const json = !!opts.json;
        // Alerts (fills, halts) print on the console; beside --json documents they go to stderr.
        await app.notifier.setTarget(new ConsoleNotifier(json ? cliIo().stderr : cliIo().stdout));
        if (words.length > 0) {
          const result = await app.agent.handle(consoleMessage(words.join(' ')));
          cliIo().stdout.write(formatResult(result, json) + '\n');
          return;
        }
        await runConsoleChat(app.agent, { input: cliIo().stdin, output: cliIo().stdout, json, interactive: !json && !!cliIo().stdin.isTTY });
      }, { withTrading: true });
    });
}
