// The conversation core's front door: what the composition root (src/main.ts, src/cli) may use of the agent. The
// core itself, the services it runs on, and the list of intents the platforms publish as commands.
export { MlAgent } from './agent.ts';
export type { AgentServices, DataPuller } from './services.ts';
export { allIntents } from './intents/index.ts';
