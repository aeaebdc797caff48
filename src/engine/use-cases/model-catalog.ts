// The registry as the engine's use cases and the chat see it: the composition root adapts the registry's catalog to it,
// and tests hand a smaller one.
import type { Model } from '../../registry/model.ts';

export interface ModelCatalog {
  all(): readonly Model[];
  get(id: string): Model | undefined;
  search(query: { category?: string; search?: string }): Model[];
}
