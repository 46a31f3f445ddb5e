/**
 * mulberry32: a small seeded PRNG, so the benchmarks and the property tests build the same
 * instances on every run. Returns numbers in [0, 1). Do not change the sequence: the benchmark
 * figures and the tests' instances depend on it.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
