// Seconds of run and scoring for the named registry models on SPX daily, one after another in this process: the quick
// look before and after a change to one family (pair it with `node --cpu-prof --import tsx` for a profile).
//   npx tsx bench/registry-model-times.ts kernel-ridge-rbf-lags10 rf-clf-mix-12 ...
import { performance } from 'node:perf_hooks';
import { evaluateModel } from '../src/engine/evaluate/evaluate-model.ts';
import { getModel } from '../src/registry/catalog.ts';
import { loadSpx } from '../tests/fixtures/spx.ts';

const bars = loadSpx();
for (const id of process.argv.slice(2)) {
  const model = getModel(id);
  if (!model) {
    console.log(id, 'is not in the registry');
    continue;
  }
  const started = performance.now();
  evaluateModel(model, bars, {}, getModel);
  console.log(id.padEnd(36), ((performance.now() - started) / 1000).toFixed(2).padStart(6), 's');
}
