// Compiles src/ to build/ (JavaScript, same layout, so paths relative to a module still reach drizzle/ and
// package.json), then stamps the build so bin/mltrainer.js knows it is at least as new as the sources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(`${root}build`, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
mkdirSync(`${root}build`, { recursive: true });
writeFileSync(`${root}build/.built`, new Date().toISOString() + '\n');
