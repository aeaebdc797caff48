// Every table of mlTrainer; drizzle-kit reads this to generate the migrations under drizzle/.
export * from './market-data.ts';
export * from './chat.ts';
export * from './evaluation.ts';
export * from './trader.ts';
export * from './autopilot.ts';
export * from './access.ts';
export * from './watch.ts';
