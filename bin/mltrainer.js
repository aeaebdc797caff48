#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm install` alone leaves `mltrainer` runnable.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv);
process.exitCode = code;
