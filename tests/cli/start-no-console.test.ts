// `mltrainer start --no-console`, the container's command: with no chat platform and no one at stdin it keeps
// serving (the end of its input does not stop it), answers /livez, and ends cleanly with status 0 on SIGTERM.
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';
import { createScratchDatabase } from '../support/test-db.ts';

// A home after its first start (seeded): what is tested is serving and stopping, not the first start's seeding.
let home: string;
beforeAll(async () => {
  home = await seededHome('mlt-noconsole-');
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mltrainer start --no-console', () => {
  it('serves past the end of its input and stops cleanly on SIGTERM', async () => {
    const scratch = await createScratchDatabase();
    const port = await freePort();
    const running = startCli(['start', '--no-console'], { env: { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: String(port) } });
    try {
      running.child.stdin.end();
      let status = 0;
      for (let i = 0; i < 240 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/livez`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
      expect(running.child.exitCode).toBeNull();
      running.child.kill('SIGTERM');
      const done = await running.exited;
      expect(done.code).toBe(0);
      expect(done.stderr).toBe('');
    } finally {
      running.child.kill('SIGKILL');
      await scratch.drop();
    }
  }, 120_000);
});
