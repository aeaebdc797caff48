// The import rules of the architecture page, checked on every source file: a layer imports only the layers below it
// (registry <- engine <- agent <- bots <- composition root), the shared leaves (log, config, format, version and the
// calendar folder) import nothing of ours but each other, the bots take
// from the engine only its notifier and metrics ports, outbox and subscription types and the clock, and the composition root
// reaches the conversation core only through its front door (src/agent/index.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const SHARED_LEAVES = ['log.ts', 'config.ts', 'env-fields.ts', 'format.ts', 'version.ts', 'postgres-url.ts'];
/** Dates, New York days, zoned times and NYSE sessions: a shared leaf folder. */
const SHARED_LEAF_FOLDERS = ['calendar/'];
const MAX_LINES = 350;
const BOTS_MAY_USE_OF_ENGINE = [
  'engine/notify/notifier.ts',
  'engine/notify/outbox-store.ts',
  'engine/notify/subscription-store.ts',
  'engine/notify/alert-settings-store.ts',
  'engine/clock.ts',
  'engine/metrics/app-metrics.ts',
  // The dashboard renders the engine's snapshot: its type only (the composition root reads it).
  'engine/use-cases/dashboard-snapshot.ts',
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic), as paths under src/. */
export function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
}

function layerOf(rel: string): string {
  if (SHARED_LEAVES.includes(rel) || SHARED_LEAF_FOLDERS.some((f) => rel.startsWith(f))) return 'leaf';
  if (rel === 'main.ts' || rel.startsWith('cli/')) return 'root';
  return rel.split('/')[0]!;
}

/** Why `from` may not import `to`, or null when it may. */
export function violation(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (to.startsWith('..')) return 'imports from outside src';
  if (b === 'leaf' || a === b) return a === 'leaf' && b !== 'leaf' ? 'a shared leaf imports a layer' : null;
  switch (a) {
    case 'leaf':
      return 'a shared leaf imports a layer';
    case 'registry':
      return 'the registry imports nothing of ours';
    case 'engine':
      return b === 'registry' ? null : 'the engine imports only the registry';
    case 'agent':
      return b === 'engine' || b === 'registry' ? null : 'the agent imports only the engine and the registry';
    case 'bots':
      if (b === 'agent') return null;
      if (b === 'engine' && BOTS_MAY_USE_OF_ENGINE.includes(to)) return null;
      return 'the bots import the agent and, of the engine, only the notifier and metrics ports, the outbox, subscriptions (and their alert settings) and the clock';
    case 'root':
      return b === 'agent' && to !== 'agent/index.ts' ? 'the composition root reaches the agent only through agent/index.ts' : null;
    default:
      return `unknown layer ${a}`;
  }
}

describe('the layering of src/', () => {
  const files = sourceFiles(SRC);

  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(200);
    const main = path.join(SRC, 'main.ts');
    expect(importsOf(main, fs.readFileSync(main, 'utf8'))).toContain('agent/index.ts');
  });

  it('has no import against the layering', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = path.relative(SRC, file).split(path.sep).join('/');
      for (const to of importsOf(file, fs.readFileSync(file, 'utf8'))) {
        const why = violation(from, to);
        if (why) bad.push(`${from} -> ${to}: ${why}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it(`keeps every source file under ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: path.relative(SRC, f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines >= MAX_LINES);
    expect(long).toEqual([]);
  });

  it('refuses the arrows the page forbids', () => {
    expect(violation('engine/trader/book.ts', 'agent/reply.ts')).not.toBeNull();
    expect(violation('registry/model.ts', 'engine/clock.ts')).not.toBeNull();
    expect(violation('cli/commands/x.ts', 'agent/intents/index.ts')).not.toBeNull();
    expect(violation('bots/telegram/a.ts', 'engine/trader/book.ts')).not.toBeNull();
    expect(violation('log.ts', 'engine/clock.ts')).not.toBeNull();
    expect(violation('calendar/dates.ts', 'engine/clock.ts')).not.toBeNull();
    expect(violation('registry/families/volatility/garch.ts', 'calendar/dates.ts')).toBeNull();
    expect(violation('agent/agent.ts', 'bots/console/x.ts')).not.toBeNull();
    expect(violation('cli/main.ts', 'agent/index.ts')).toBeNull();
    expect(violation('bots/slack/a.ts', 'engine/notify/outbox-store.ts')).toBeNull();
  });
});
