// The list of every intent the conversation core knows, in the order /help shows them.
import type { IntentDefinition } from '../intent.ts';
import { dataIntent, helpIntent, statusIntent } from './info.ts';

const intents: IntentDefinition[] = [helpIntent, statusIntent, dataIntent] as unknown as IntentDefinition[];

export function allIntents(): readonly IntentDefinition[] {
  return intents;
}

export function findIntent(name: string): IntentDefinition | undefined {
  return intents.find((i) => i.name === name);
}
