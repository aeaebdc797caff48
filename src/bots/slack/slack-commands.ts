// The core's command names (and aliases), which Slack users type after its one slash command: `/ml NAME`.
import { allIntents } from '../../agent/intents/index.ts';

let names: string[] | undefined;

export function slackCommands(): string[] {
  names ??= allIntents().flatMap((i) => [i.name, ...(i.aliases ?? [])]);
  return names;
}
