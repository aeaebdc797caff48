// A models module for the heavy-work pool's workers: the registry's catalog, except that sma-cross-5-20 throws and
// sma-cross-5-50 ends its worker thread, so the tests see what a chat is told and that the pool recovers.
import { getModel as catalogModel } from '../../../src/registry/catalog.ts';
import type { Model } from '../../../src/registry/model.ts';

export function getModel(id: string): Model | undefined {
  const base = catalogModel(id);
  if (!base) return undefined;
  if (id === 'sma-cross-5-20') return { ...base, run: () => { throw new Error('boom at bar 7'); } };
  if (id === 'sma-cross-5-50') return { ...base, run: () => process.exit(7) };
  return base;
}
