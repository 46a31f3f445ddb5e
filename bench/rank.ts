/**
 * `rank.100000x5.seconds`: rankSubmissions (the calibration model, with P(top k) for the default
 * k = 10,000) on 100,000 submissions × 5 reviews each — a peer round
 * (weight 40, 3 reviews per submission from 15,000 peer reviewers) and an investor round (weight
 * 60, 2 reviews per submission from 5,000 investors), 4 criteria each on a 1–10 scale, reviewers
 * with their own leniency and spread. Seeded, so every run ranks the same instance. Median of 3
 * runs after one untimed warm-up run; target ≤ 2 s. Instance generation is not timed. `rank.100000x5.zscore_seconds`: the same
 * with the z-score method used before the model, for comparison on the same machine and load.
 *
 * Alone: npx tsx -e "import('./bench/rank.ts').then(m => m.benchRank()).then(r => console.log(r))"
 */
import { performance } from 'node:perf_hooks';
import { rankSubmissions, type RankingInput, type ReviewInput, type RoundSpec } from '../functions/domain/ranking.ts';
import type { BenchResult } from './result.ts';
import { prng } from './seeded-random.ts';

export function rankingInstance(submissions = 100_000, seed = 20270601): RankingInput {
  const rnd = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const criteria = ['innovation', 'market', 'team', 'feasibility'];
  const rubric = criteria.map((id, i) => ({ id, weight: i + 1, scale: { min: 1, max: 10 } }));
  const rounds: RoundSpec[] = [
    { id: 'peer', name: 'Peer review', weight: 40, rubric },
    { id: 'investor', name: 'Investor scoring', weight: 60, rubric },
  ];
  const pool = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(5, '0')}`, bias: gauss() * 1.2, scale: 0.6 + rnd() * 0.8 }));
  const peers = pool('peer-', 15_000);
  const investors = pool('inv-', 5_000);
  const subs: RankingInput['submissions'] = [];
  const reviews: ReviewInput[] = [];
  const base = Date.UTC(2027, 0, 1);
  for (let s = 0; s < submissions; s++) {
    const id = `sub-${String(s).padStart(6, '0')}`;
    subs.push({ id, submittedAt: new Date(base + Math.floor(rnd() * 30 * 86_400_000)).toISOString() });
    const quality = criteria.map(() => 5.5 + gauss() * 1.5);
    const pick = (from: typeof peers, count: number) => {
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(Math.floor(rnd() * from.length));
      return [...chosen].map((i) => from[i]!);
    };
    for (const [roundId, from, count] of [['peer', peers, 3], ['investor', investors, 2]] as const) {
      for (const r of pick(from, count)) {
        const scores: Record<string, number> = {};
        criteria.forEach((c, i) => {
          const v = Math.round(5.5 + r.bias + r.scale * (quality[i]! - 5.5) + gauss());
          scores[c] = Math.min(10, Math.max(1, v));
        });
        reviews.push({ roundId, reviewerId: r.id, submissionId: id, scores });
      }
    }
  }
  return { rounds, reviews, submissions: subs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchRank(runs = 3): Promise<BenchResult[]> {
  const input = rankingInstance();
  const time = (options: RankingInput['options']) => {
    const times: number[] = [];
    const cpu: number[] = [];
    rankSubmissions({ ...input, ...(options ? { options } : {}) }); // warm-up (JIT, heap at this size), not timed
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = rankSubmissions({ ...input, ...(options ? { options } : {}) });
      times.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
      if (result.ranked.length !== input.submissions.length) throw new Error(`ranked ${result.ranked.length} of ${input.submissions.length}`);
    }
    // Wall clock on a shared machine swings with the load: print the spread and the CPU seconds too.
    console.log(
      `rank 100000×5 ${options?.method ?? 'model'}: median ${median(times).toFixed(3)} s, min ${Math.min(...times).toFixed(3)} s ` +
        `(CPU median ${median(cpu).toFixed(3)} s, min ${Math.min(...cpu).toFixed(3)} s) over ${runs} runs`,
    );
    return Number(median(times).toFixed(3));
  };
  const model = time(undefined);
  const zscore = time({ method: 'z-score' });
  return [
    { name: 'rank.100000x5.seconds', value: model, unit: 's', baseline: zscore, ratio: Number((model / zscore).toFixed(2)) },
    { name: 'rank.100000x5.zscore_seconds', value: zscore, unit: 's' },
  ];
}
