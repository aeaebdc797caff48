import { createTestApp } from '../tests/support/test-app.ts';
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
const app = await createTestApp();
const cmds = ['/help', '/status', '/data'];
for (const t of cmds) await app.agent.handle({ platform: 'telegram', chatId: '1', userId: '1', text: t });
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
for (let round = 0; round < 3; round++) {
  await Promise.all(Array.from({ length: 100 }, async (_, c) => {
    for (let k = 0; k < 10; k++) await app.agent.handle({ platform: 'telegram', chatId: String(round * 1000 + c), userId: String(c), text: cmds[(c + k) % 3]! });
  }));
}
const { profile } = await s.post('Profiler.stop');
fs.writeFileSync('/tmp/core.cpuprofile', JSON.stringify(profile));
process.exit(0);
