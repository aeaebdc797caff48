import { performance } from 'node:perf_hooks';
import { evaluateModel } from '../src/engine/evaluate/evaluate-model.ts';
import { getModel } from '../src/registry/catalog.ts';
import { loadSpx } from '../tests/fixtures/spx.ts';
const bars = loadSpx();
for (const id of process.argv.slice(2)) {
  const t = performance.now();
  evaluateModel(getModel(id)!, bars);
  console.log(id, ((performance.now() - t) / 1000).toFixed(2), 's');
}
