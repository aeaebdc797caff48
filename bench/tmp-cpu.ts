import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { createTestApp } from '../tests/support/test-app.ts';
let statements = 0;
const orig = (PGlite.prototype as any).query;
(PGlite.prototype as any).query = function (this: unknown, ...a: unknown[]) { statements++; return orig.apply(this, a); };
const COMMANDS = ['/help', '/status', '/data'];
const app = await createTestApp({});
for (let i = 0; i < 300; i++) await app.agent.handle({ platform: 'telegram', chatId: 'w' + (i % 100), userId: 'w', text: COMMANDS[i % 3]! });
const c0 = process.cpuUsage(); const t = performance.now(); statements = 0;
const N = 3000; const lat: number[] = [];
await Promise.all(Array.from({ length: 100 }, async (_, c) => {
  for (let k = 0; k < N / 100; k++) { const t0 = performance.now(); await app.agent.handle({ platform: 'telegram', chatId: String(500000 + c), userId: String(500000 + c), text: COMMANDS[(c + k) % 3]! }); lat.push(performance.now() - t0); }
}));
const cpu = process.cpuUsage(c0); const wall = performance.now() - t;
lat.sort((a, b) => a - b);
console.log('statements/msg', (statements / N).toFixed(2), 'cpu ms/msg', ((cpu.user + cpu.system) / 1000 / N).toFixed(3), 'wall msg/s', (N / wall * 1000).toFixed(0), 'p99', lat[Math.floor(N * 0.99)]!.toFixed(0));
await app.close();
