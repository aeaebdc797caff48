// The speed patches in patches/ (ml-cart, ml-matrix, ml-knn, ml-kernel, ml-logistic-regression, brain.js) must not
// change a single number: the patched libraries give, bit for bit, what the unpatched ones gave on the same data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryOutputs, type LibraryOutputs } from '../fixtures/patched-libraries/outputs.ts';

const expected = JSON.parse(readFileSync(new URL('../fixtures/patched-libraries/expected.json', import.meta.url), 'utf8')) as LibraryOutputs;

describe('patched libraries', () => {
  const actual = libraryOutputs();
  for (const name of Object.keys(expected)) {
    it(`${name} equals the unpatched library's output`, () => {
      expect(actual[name]).toEqual(expected[name]);
    });
  }
});
