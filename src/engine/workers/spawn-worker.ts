// Starts a worker thread on one of our modules, in tests (.ts under tsx) and in production (compiled .js in build/).
import { Worker } from 'node:worker_threads';

// Workers start with plain Node, which cannot load .ts; a worker's `--import tsx` flag registers its hooks too late for
// the worker's own entry on Node 20, so this bootstrap registers tsx first and then imports the real entry.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const start = workerData.tsxApi
  ? import(workerData.tsxApi).then((tsx) => { tsx.register(); })
  : Promise.resolve();
start.then(() => import(workerData.entry)).catch((err) => { setImmediate(() => { throw err; }); });
`;

/** The extension our own modules have where this one runs: `.ts` under tsx, `.js` in build/. */
export const OWN_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * A worker running `entry` (a module URL); `data` reaches it as `workerData` beside `entry`. tsx is registered only
 * when a module to load is TypeScript (`alsoTs` names the others the worker will import, e.g. a models module).
 */
export function spawnModuleWorker(entry: string, data: Record<string, unknown> = {}, alsoTs: readonly string[] = []): Worker {
  const needsTsx = [entry, ...alsoTs].some((u) => u.endsWith('.ts'));
  const tsxApi = needsTsx ? import.meta.resolve('tsx/esm/api') : undefined;
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, entry, tsxApi } });
}
