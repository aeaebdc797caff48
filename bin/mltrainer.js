#!/usr/bin/env node
// Runs the compiled CLI (build/, made by `npm install`'s prepare step) when it is at least as new as the sources, and
// otherwise the TypeScript sources through tsx, so an edit to src/ is never run stale.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}build/.built`;

/** The newest modification time of any file under dir (0 when the folder is missing). */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    latest = Math.max(latest, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

function builtIsFresh() {
  if (process.env.MLTRAINER_FROM_SOURCE === '1') return false;
  try {
    return statSync(stamp).mtimeMs >= newest(`${root}src`);
  } catch {
    return false;
  }
}

let runCli;
if (builtIsFresh()) {
  ({ runCli } = await import('../build/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
process.exitCode = await runCli(process.argv);
