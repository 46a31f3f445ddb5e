/**
 * Crowd-BT (functions/domain/crowd-bt.ts) against the equations of Chen et al. (WSDM 2013) as
 * Gavel implements them (gavel/crowd_bt.py), with Gavel's defaults γ = 0.1, κ = 1e-4.
 *
 * Notation for one vote "w beat l" by a judge Beta(α, β), posteriors N(μ_w, σ_w²), N(μ_l, σ_l²):
 *   p = e^{μ_w}/(e^{μ_w}+e^{μ_l}),  q = αe^{μ_w}/(αe^{μ_w}+βe^{μ_l}),  s = α + β
 *   μ_w′ = μ_w + σ_w²(q − p),  μ_l′ = μ_l − σ_l²(q − p)
 *   σ′² = σ² · max(1 + σ²(q(1−q) − p(1−p)), κ)
 *   c₁ = p + ½(σ_w² + σ_l²) p(1−p)(1−2p),  c₂ = 1 − c₁,  c = (c₁α + c₂β)/s
 *   E[η] = (c₁(α+1)α + c₂αβ)/(c(s+1)s),  E[η²] = (c₁(α+2)(α+1)α + c₂(α+1)αβ)/(c(s+2)(s+1)s)
 *   α′ = (E[η] − E[η²])E[η]/(E[η²] − E[η]²),  β′ = (E[η] − E[η²])(1 − E[η])/(E[η²] − E[η]²)
 *   EIG(a, b) = c·[KL(N_a′‖N_a) + KL(N_b′‖N_b) + γKL(Beta′‖Beta)] + (1 − c)·[the same for "b beat a"]
 *
 * Derivation 1 — the priors (α = 10, β = 1, μ = 0, σ² = 1 for both):
 *   p = ½, q = 10/11, q − p = 9/22, so μ_w′ = 9/22, μ_l′ = −9/22;
 *   q(1−q) − p(1−p) = 10/121 − 1/4 = −81/484, so σ′² = 1 − 81/484 = 403/484 (both);
 *   c₁ = ½ (1 − 2p = 0), c = ½; E[η] = (55 + 5)/66 = 10/11; E[η²] = (660 + 55)/858 = 5/6;
 *   E[η²] − E[η]² = 5/6 − 100/121 = 5/726; E[η] − E[η²] = 5/66;
 *   α′ = (5/66)(10/11)/(5/726) = 10, β′ = (5/66)(1/11)/(5/726) = 1 — a first vote says nothing about the judge.
 *   EIG: both outcomes have c = ½ and, by symmetry, the same gain; the judge's Beta does not move, and
 *   each Gaussian gains (9/22)²/2 + (r − 1 − ln r)/2 with r = 403/484, so
 *   EIG = 2·[81/968 + (403/484 − 1)/2 − ln(403/484)/2] = 81/484 − 81/484 + ln(484/403) = ln(484/403).
 * Derivation 2 — equal means, any α, β, σ_w², σ_l² (p = ½):
 *   q − p = α/s − ½ = (α − β)/(2s); q(1−q) − ¼ = αβ/s² − ¼ = −(α − β)²/(4s²) =: −δ;
 *   μ_w′ = μ + σ_w²(α − β)/(2s), μ_l′ = μ − σ_l²(α − β)/(2s), σ′² = σ²(1 − σ²δ) (while ≥ κσ²);
 *   c₁ = ½, so the mixture weights are α/s and β/s and the moments match Beta(α, β) again: α′ = α, β′ = β.
 *   Each Gaussian's gain is σ⁴(α−β)²/(8s²σ²) + (−σ²δ − ln(1 − σ²δ))/2 = −½ ln(1 − σ²δ), and c = ½, so
 *   EIG = −½ ln(1 − σ_a²δ) − ½ ln(1 − σ_b²δ).
 * Derivation 3 — general values: a separate straightforward implementation below (the formulas above
 *   written literally with e^μ, and the KL divergences inside the EIG computed by numerical integration
 *   of ∫ f′ ln(f′/f), not by their closed forms), and five values computed from the same formulas in
 *   50-digit arithmetic (mpmath), pinned here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROWD_BT_DEFAULTS, crowdBtPosterior, divergenceBeta, expectedInformationGain, update, type PairwiseVote } from '../../functions/domain/crowd-bt.ts';

const relClose = (actual: number, expected: number, rel: number) => {
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThanOrEqual(rel);
};

// ── Derivation 3: a straightforward reference implementation ────────────────────────────────

function referenceUpdate(alpha: number, beta: number, mw: number, sw: number, ml: number, sl: number) {
  const ew = Math.exp(mw);
  const el = Math.exp(ml);
  const p = ew / (ew + el);
  const q = (alpha * ew) / (alpha * ew + beta * el);
  const c1 = p + 0.5 * (sw + sl) * ((ew * el * (el - ew)) / (ew + el) ** 3);
  const c2 = 1 - c1;
  const s = alpha + beta;
  const c = (c1 * alpha + c2 * beta) / s;
  const e1 = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (s + 1) * s);
  const e2 = (c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) / (c * (s + 2) * (s + 1) * s);
  const v = e2 - e1 * e1;
  const second = (alpha * ew * beta * el) / (alpha * ew + beta * el) ** 2 - (ew * el) / (ew + el) ** 2;
  return {
    values: [
      ((e1 - e2) * e1) / v,
      ((e1 - e2) * (1 - e1)) / v,
      mw + sw * (q - p),
      sw * Math.max(1 + sw * second, CROWD_BT_DEFAULTS.kappa),
      ml - sl * (q - p),
      sl * Math.max(1 + sl * second, CROWD_BT_DEFAULTS.kappa),
    ] as const,
    c,
  };
}

/** ln Γ by Lanczos (g = 7, 9 terms) — a different method from the module's Stirling series. */
function lanczosLogGamma(x: number): number {
  const g = 7;
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lanczosLogGamma(1 - x);
  const y = x - 1;
  let a = coefficients[0]!;
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i += 1) a += coefficients[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** KL(N(m1, v1) ‖ N(m2, v2)) = ∫ f1 ln(f1/f2), by the trapezoid rule over ±14 sd (exponentially accurate). */
function integratedKlGaussian(m1: number, v1: number, m2: number, v2: number): number {
  const sd = Math.sqrt(v1);
  const steps = 2000;
  const h = (28 * sd) / steps;
  const logF = (x: number, m: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - ((x - m) * (x - m)) / (2 * v);
  let sum = 0;
  for (let k = 0; k <= steps; k += 1) {
    const x = m1 - 14 * sd + k * h;
    const f1 = Math.exp(logF(x, m1, v1));
    sum += (k === 0 || k === steps ? 0.5 : 1) * f1 * (logF(x, m1, v1) - logF(x, m2, v2));
  }
  return sum * h;
}

/**
 * KL(Beta(a1, b1) ‖ Beta(a2, b2)) = ∫ f1 ln(f1/f2) = ln B(a2,b2) − ln B(a1,b1) + (a1−a2)E₁[ln x] + (b1−b2)E₁[ln(1−x)],
 * the two expectations by tanh-sinh quadrature (x = 1/(1 + e^{−π sinh t}), which handles the endpoints).
 */
function integratedKlBeta(a1: number, b1: number, a2: number, b2: number): number {
  const logB = (a: number, b: number) => lanczosLogGamma(a) + lanczosLogGamma(b) - lanczosLogGamma(a + b);
  const lb1 = logB(a1, b1);
  const h = 1 / 64;
  let eLogX = 0;
  let eLog1mX = 0;
  for (let k = -64 * 5; k <= 64 * 5; k += 1) {
    const t = k * h;
    const u = Math.PI * Math.sinh(t);
    const logX = -Math.log1p(Math.exp(-u));
    const log1mX = -Math.log1p(Math.exp(u));
    // dx/dt = (π/2) cosh t / cosh²(u/2) = π cosh t · x (1 − x)
    const logWeight = Math.log(Math.PI * Math.cosh(t)) + logX + log1mX;
    const density = Math.exp((a1 - 1) * logX + (b1 - 1) * log1mX - lb1 + logWeight);
    eLogX += density * logX * h;
    eLog1mX += density * log1mX * h;
  }
  return logB(a2, b2) - lb1 + (a1 - a2) * eLogX + (b1 - b2) * eLog1mX;
}

function referenceEig(alpha: number, beta: number, ma: number, sa: number, mb: number, sb: number): number {
  const aWins = referenceUpdate(alpha, beta, ma, sa, mb, sb);
  const bWins = referenceUpdate(alpha, beta, mb, sb, ma, sa);
  const [a1, b1, ma1, sa1, mb1, sb1] = aWins.values;
  const [a2, b2, mb2, sb2, ma2, sa2] = bWins.values;
  const g = CROWD_BT_DEFAULTS.gamma;
  return (
    aWins.c * (integratedKlGaussian(ma1, sa1, ma, sa) + integratedKlGaussian(mb1, sb1, mb, sb) + g * integratedKlBeta(a1, b1, alpha, beta)) +
    (1 - aWins.c) * (integratedKlGaussian(ma2, sa2, ma, sa) + integratedKlGaussian(mb2, sb2, mb, sb) + g * integratedKlBeta(a2, b2, alpha, beta))
  );
}

describe('Crowd-BT update and expected information gain: reference values', () => {
  it('has Gavel’s defaults', () => {
    expect(CROWD_BT_DEFAULTS).toEqual({ gamma: 0.1, kappa: 1e-4, muPrior: 0, sigmaSqPrior: 1, alphaPrior: 10, betaPrior: 1 });
  });

  it('derivation 1: the first vote from the priors', () => {
    const got = update(10, 1, 0, 1, 0, 1);
    const expected = [10, 1, 9 / 22, 403 / 484, -9 / 22, 403 / 484];
    got.forEach((v, i) => relClose(v, expected[i]!, 1e-12));
    relClose(expectedInformationGain(10, 1, 0, 1, 0, 1), Math.log(484 / 403), 1e-12);
  });

  it('derivation 2: equal means, any judge and variances (closed form)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 60, noNaN: true }),
        fc.double({ min: 0.2, max: 60, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (alpha, beta, mu, sw, sl) => {
          const s = alpha + beta;
          const delta = (alpha - beta) ** 2 / (4 * s * s);
          const [a, b, mw, sw1, ml, sl1] = update(alpha, beta, mu, sw, mu, sl);
          relClose(a, alpha, 1e-12);
          relClose(b, beta, 1e-12);
          relClose(mw, mu + (sw * (alpha - beta)) / (2 * s), 1e-12);
          relClose(ml, mu - (sl * (alpha - beta)) / (2 * s), 1e-12);
          // and the change itself, where μ = 0 leaves nothing to round
          relClose(update(alpha, beta, 0, sw, 0, sl)[2], (sw * (alpha - beta)) / (2 * s), 1e-12);
          relClose(sw1, sw * (1 - sw * delta), 1e-12);
          relClose(sl1, sl * (1 - sl * delta), 1e-12);
          if (alpha !== beta) relClose(expectedInformationGain(alpha, beta, mu, sw, mu, sl), -0.5 * Math.log1p(-sw * delta) - 0.5 * Math.log1p(-sl * delta), 1e-12);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  it('derivation 3: values in 50-digit arithmetic', () => {
    // [α, β, μ_w, σ_w², μ_l, σ_l²] → update, and the EIG of the same six as (a, b)
    const cases: [number[], number[], number][] = [
      [[10, 1, 0.5, 1, -0.25, 0.8], [10.28289796541829583, 0.99669627576534305801, 0.77571530206472037055, 0.82517645387394573024, -0.47057224165177629644, 0.68811293047932526735], 0.14372921453611750932],
      // the winner was well behind a reliable judge's consensus: its σ² grows (see the header of crowd-bt.ts)
      [[12.5, 2, -1.2, 0.6, 0.9, 0.35], [11.533795297463642803, 2.2022583756932009771, -1.0053335226864023657, 0.65341985635655947384, 0.78644455490040137999, 0.36817759001021815429], 0.017280877507495402003],
      // a nearly uninformative judge (α ≈ β): Gavel's literal formulas lose ~5 digits of the EIG here
      [[15.219, 15.1126, -0.1115, 0.3432, -0.2631, 0.1253], [15.253743208720293609, 15.082620995175221362, -0.11090164980717951657, 0.34318410590355854267, -0.26331845361060724526, 0.12529788142702747316], 7.8489079181915072304e-6],
      [[3, 7, 2, 0.5, -1, 0.9], [3.6240241620823863859, 6.760305105562682867, 1.9716734424788017749, 0.51201747317503996337, -0.94901219646184319474, 0.93893661308712948132], 0.0045430397332473726254],
      [[40, 1.5, -3, 0.05, 3, 0.02], [39.021154505196384598, 2.3725684024817064803, -2.9970235441844905788, 0.050139227536196378324, 2.9988094176737962315, 0.020022276405791420532], 0.0010091395641410830789],
    ];
    for (const [input, expected, eig] of cases) {
      const [alpha, beta, mw, sw, ml, sl] = input as [number, number, number, number, number, number];
      update(alpha, beta, mw, sw, ml, sl).forEach((v, i) => relClose(v, expected[i]!, 1e-12));
      relClose(expectedInformationGain(alpha, beta, mw, sw, ml, sl), eig, 1e-12);
    }
  });

  it('derivation 3: agrees with the straightforward implementation (KL by numerical integration)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 4, max: 40, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (alpha, beta, mw, sw, ml, sl) => {
          // α well above β: the literal formulas are well conditioned there (see derivation 3 above).
          const got = update(alpha, beta, mw, sw, ml, sl);
          referenceUpdate(alpha, beta, mw, sw, ml, sl).values.forEach((v, i) => relClose(got[i]!, v, 1e-12));
          // the integrals are accurate to ~1e-13 absolute; the EIG is ≥ ~1e-4 in this range
          relClose(expectedInformationGain(alpha, beta, mw, sw, ml, sl), referenceEig(alpha, beta, mw, sw, ml, sl), 1e-9);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the Beta divergence matches its integral', () => {
    for (const [a1, b1, a2, b2] of [
      [10.3, 0.9, 10, 1],
      [2.5, 7, 3, 6.2],
      [0.7, 1.3, 1.1, 0.9],
    ] as const) {
      relClose(divergenceBeta(a1, b1, a2, b2), integratedKlBeta(a1, b1, a2, b2), 1e-10);
    }
  });
});

const judge = fc.record({ alpha: fc.double({ min: 0.05, max: 200, noNaN: true }), beta: fc.double({ min: 0.05, max: 200, noNaN: true }) });
const item = fc.record({ mu: fc.double({ min: -8, max: 8, noNaN: true }), sigmaSq: fc.double({ min: 1e-3, max: 1, noNaN: true }) });

describe('Crowd-BT properties', () => {
  it('mirror symmetry: reflecting the scale and swapping winner and loser mirrors the update', () => {
    fc.assert(
      fc.property(judge, item, item, ({ alpha, beta }, w, l) => {
        const [a, b, mw, sw, ml, sl] = update(alpha, beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
        const [a2, b2, mw2, sw2, ml2, sl2] = update(alpha, beta, -l.mu, l.sigmaSq, -w.mu, w.sigmaSq);
        relClose(a2, a, 1e-12);
        relClose(b2, b, 1e-12);
        expect(Math.abs(mw2 + ml)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ml)));
        expect(Math.abs(ml2 + mw)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(mw)));
        relClose(sw2, sl, 1e-12);
        relClose(sl2, sw, 1e-12);
      }),
      { numRuns: 400, seed: 1 },
    );
  });

  it('depends on the means only through their difference', () => {
    fc.assert(
      fc.property(judge, item, item, fc.double({ min: -20, max: 20, noNaN: true }), ({ alpha, beta }, w, l, shift) => {
        const [a, b, mw, sw, ml, sl] = update(alpha, beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
        const [a2, b2, mw2, sw2, ml2, sl2] = update(alpha, beta, w.mu + shift, w.sigmaSq, l.mu + shift, l.sigmaSq);
        relClose(a2, a, 1e-9);
        relClose(b2, b, 1e-9);
        expect(Math.abs(mw2 - shift - mw)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(ml2 - shift - ml)).toBeLessThanOrEqual(1e-9);
        relClose(sw2, sw, 1e-9);
        relClose(sl2, sl, 1e-9);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('σ² never grows when the vote agrees in direction with the judge’s bias, and grows only where the model says', () => {
    // σ² grows iff q(1−q) > p(1−p) iff |d + r| < |d|, d = μ_w − μ_l, r = ln(α/β): with a reliable judge
    // (r > 0) only when the winner was behind by more than r/2. It never falls below κσ².
    fc.assert(
      fc.property(judge, item, item, ({ alpha, beta }, w, l) => {
        const [, , , sw, , sl] = update(alpha, beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
        const d = w.mu - l.mu;
        const r = Math.log(alpha / beta);
        expect(sw).toBeGreaterThanOrEqual(CROWD_BT_DEFAULTS.kappa * w.sigmaSq * (1 - 1e-12));
        expect(sl).toBeGreaterThanOrEqual(CROWD_BT_DEFAULTS.kappa * l.sigmaSq * (1 - 1e-12));
        const margin = Math.abs(d + r) - Math.abs(d);
        if (d * r >= 0 || margin > 1e-9) {
          expect(sw).toBeLessThanOrEqual(w.sigmaSq);
          expect(sl).toBeLessThanOrEqual(l.sigmaSq);
        } else if (margin < -1e-9) {
          expect(sw).toBeGreaterThan(w.sigmaSq);
          expect(sl).toBeGreaterThan(l.sigmaSq);
        }
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('σ² never grows along a replay from the priors with a reliable judge whose votes follow the posterior', () => {
    // The judge always picks the one with the higher μ: d ≥ 0 and α ≥ β, so σ² can only shrink.
    const items = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const votes: PairwiseVote[] = [];
    let state = crowdBtPosterior(items, votes);
    for (let k = 0; k < 200; k += 1) {
      const a = items[(k * 7) % 12]!;
      const b = items[(k * 5 + 3) % 12]!;
      if (a === b) continue;
      const pa = state.items.get(a)!;
      const pb = state.items.get(b)!;
      const [winner, loser] = pa.mu >= pb.mu ? [a, b] : [b, a];
      const before = [state.items.get(winner)!.sigmaSq, state.items.get(loser)!.sigmaSq];
      votes.push({ judge: 'j', winner, loser });
      state = crowdBtPosterior(items, votes);
      expect(state.items.get(winner)!.sigmaSq).toBeLessThanOrEqual(before[0]!);
      expect(state.items.get(loser)!.sigmaSq).toBeLessThanOrEqual(before[1]!);
      expect(state.judges.get('j')!.alpha).toBeGreaterThanOrEqual(state.judges.get('j')!.beta);
    }
  });

  it('α and β stay positive and finite, μ and σ² finite, even for extreme means', () => {
    fc.assert(
      fc.property(judge, fc.double({ min: -400, max: 400, noNaN: true }), fc.double({ min: 1e-6, max: 5, noNaN: true }), fc.double({ min: -400, max: 400, noNaN: true }), fc.double({ min: 1e-6, max: 5, noNaN: true }), ({ alpha, beta }, mw, sw, ml, sl) => {
        const out = update(alpha, beta, mw, sw, ml, sl);
        for (const v of out) expect(Number.isFinite(v)).toBe(true);
        expect(out[0]).toBeGreaterThan(0);
        expect(out[1]).toBeGreaterThan(0);
        expect(out[3]).toBeGreaterThan(0);
        expect(out[5]).toBeGreaterThan(0);
        const eig = expectedInformationGain(alpha, beta, mw, sw, ml, sl);
        expect(Number.isFinite(eig)).toBe(true);
        expect(eig).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('EIG ≥ 0 and symmetric in A and B', () => {
    fc.assert(
      fc.property(judge, item, item, ({ alpha, beta }, a, b) => {
        const ab = expectedInformationGain(alpha, beta, a.mu, a.sigmaSq, b.mu, b.sigmaSq);
        const ba = expectedInformationGain(alpha, beta, b.mu, b.sigmaSq, a.mu, a.sigmaSq);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ab - ba)).toBeLessThanOrEqual(1e-12 * Math.max(ab, 1e-300) + 1e-300);
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('EIG prefers the uncertain pair and the close pair', () => {
    expect(expectedInformationGain(10, 1, 0, 1, 0, 1)).toBeGreaterThan(expectedInformationGain(10, 1, 0, 0.1, 0, 0.1));
    expect(expectedInformationGain(10, 1, 0, 0.5, 0.2, 0.5)).toBeGreaterThan(expectedInformationGain(10, 1, 0, 0.5, 4, 0.5));
    // a judge no better than a coin teaches nothing about the projects
    expect(expectedInformationGain(5, 5, 0, 1, 0, 1)).toBeLessThan(1e-12);
  });
});

describe('crowdBtPosterior (Gavel’s replay)', () => {
  it('folds update over the votes in order, judges from the priors', () => {
    const items = ['a', 'b', 'c'];
    const votes: PairwiseVote[] = [
      { judge: 'j1', winner: 'a', loser: 'b' },
      { judge: 'j2', winner: 'b', loser: 'c' },
      { judge: 'j1', winner: 'c', loser: 'a' },
    ];
    const s = { a: [0, 1], b: [0, 1], c: [0, 1] } as Record<string, [number, number]>;
    const j = { j1: [10, 1], j2: [10, 1] } as Record<string, [number, number]>;
    for (const v of votes) {
      const [al, be, mw, sw, ml, sl] = update(j[v.judge]![0], j[v.judge]![1], s[v.winner]![0], s[v.winner]![1], s[v.loser]![0], s[v.loser]![1]);
      j[v.judge] = [al, be];
      s[v.winner] = [mw, sw];
      s[v.loser] = [ml, sl];
    }
    const got = crowdBtPosterior(items, votes);
    for (const id of items) expect(got.items.get(id)).toEqual({ mu: s[id]![0], sigmaSq: s[id]![1] });
    expect(got.judges.get('j1')).toEqual({ alpha: j.j1![0], beta: j.j1![1] });
    expect(got.judges.get('j2')).toEqual({ alpha: j.j2![0], beta: j.j2![1] });
  });

  it('order matters (it is an online filter), and unknown or self votes are ignored', () => {
    const items = ['a', 'b', 'c'];
    const v1: PairwiseVote = { judge: 'j', winner: 'a', loser: 'b' };
    const v2: PairwiseVote = { judge: 'j', winner: 'b', loser: 'a' };
    expect(crowdBtPosterior(items, [v1, v2]).items.get('a')!.mu).not.toBe(crowdBtPosterior(items, [v2, v1]).items.get('a')!.mu);
    const ignored = crowdBtPosterior(items, [{ judge: 'k', winner: 'a', loser: 'zz' }, { judge: 'k', winner: 'b', loser: 'b' }]);
    for (const id of items) expect(ignored.items.get(id)).toEqual({ mu: 0, sigmaSq: 1 });
    expect(ignored.judges.size).toBe(0);
    expect(crowdBtPosterior([], []).items.size).toBe(0);
  });
});
