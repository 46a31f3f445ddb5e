/**
 * Crowd-BT: the online Bayesian Bradley–Terry model with judge reliabilities of Chen, Bennett,
 * Collins-Thompson and Horvitz, "Pairwise ranking aggregation in a crowdsourced setting" (WSDM
 * 2013), exactly as Gavel (gavel/crowd_bt.py) implements it, with Gavel's defaults. Pure TypeScript.
 *
 * Model. Item i has a strength s_i with the Gaussian posterior N(μ_i, σ_i²); judge k is reliable
 * with probability η_k ~ Beta(α_k, β_k). When judge k compares i and j, they report the true
 * Bradley–Terry outcome with probability η_k and the reverse otherwise:
 *   P(i ≻_k j) = η_k · e^{s_i}/(e^{s_i}+e^{s_j}) + (1 − η_k) · e^{s_j}/(e^{s_i}+e^{s_j}).
 * After each vote "winner w beat loser l" the posterior is projected back to that family
 * (assumed-density filtering), with p = e^{μ_w}/(e^{μ_w}+e^{μ_l}) and
 * q = α e^{μ_w}/(α e^{μ_w}+β e^{μ_l}) (the vote's likelihood, averaged over η, is
 * (α e^{μ_w}+β e^{μ_l})/((α+β)(e^{μ_w}+e^{μ_l})); q − p and q(1−q) − p(1−p) are the first and
 * second derivatives of its log in μ_w):
 *   μ_w ← μ_w + σ_w² (q − p)                 μ_l ← μ_l − σ_l² (q − p)
 *   σ_w² ← σ_w² · max(1 + σ_w² (q(1−q) − p(1−p)), κ)   (the same for σ_l²)
 * The judge: c₁ = p + ½(σ_w² + σ_l²) · p(1−p)(1−2p) is the second-order estimate of
 * P(s_w > s_l) under the posterior, c₂ = 1 − c₁, and c = (c₁α + c₂β)/(α+β) the probability of the
 * vote. The posterior of η is the mixture (c₁ α Beta(α+1, β) + c₂ β Beta(α, β+1)) / (c (α+β)),
 * matched to a Beta by its first two moments:
 *   E[η]  = (c₁(α+1)α + c₂αβ) / (c(α+β+1)(α+β))
 *   E[η²] = (c₁(α+2)(α+1)α + c₂(α+1)αβ) / (c(α+β+2)(α+β+1)(α+β))
 *   α ← (E[η] − E[η²]) E[η] / (E[η²] − E[η]²)      β ← (E[η] − E[η²]) (1 − E[η]) / (E[η²] − E[η]²)
 * All the quantities use μ, σ², α, β from before the vote (Gavel computes the three updates from
 * the same old values).
 *
 * Expected information gain of showing judge k the pair (a, b): with c = P(a ≻ b) from above,
 *   EIG = c · [KL(N_a′‖N_a) + KL(N_b′‖N_b) + γ KL(Beta′‖Beta)] + (1 − c) · [the same for b ≻ a],
 * where the primes are the posteriors after each outcome, γ = 0.1 weighs learning about the judge,
 *   KL(N(μ₁,σ₁²)‖N(μ₂,σ₂²)) = (μ₁−μ₂)²/(2σ₂²) + (r − 1 − ln r)/2, r = σ₁²/σ₂², and
 *   KL(Beta(α₁,β₁)‖Beta(α₂,β₂)) = ln B(α₂,β₂) − ln B(α₁,β₁) + (α₁−α₂)ψ(α₁) + (β₁−β₂)ψ(β₁)
 *                                 + (α₂−α₁+β₂−β₁)ψ(α₁+β₁).
 *
 * Numerics: the same values as Gavel's formulas, rearranged so that nothing overflows or cancels:
 * the logistic terms through differences of μ (e^{μ_w}/(e^{μ_w}+e^{μ_l}) = 1/(1+e^{μ_l−μ_w}),
 * e^{μ_w}e^{μ_l}(e^{μ_l}−e^{μ_w})/(e^{μ_w}+e^{μ_l})³ = p(1−p)(1−2p), q − p = (α−β)p(1−p)/(αp+β(1−p))),
 * the Beta moments through the mixture's variance (see `step`), and the divergences from the
 * changes themselves (x − ln(1+x) and ln Γ(x+h) − ln Γ(x) − hψ(x) by series near 0). Against
 * 50-digit arithmetic the results agree to about 1e-15 relative; Gavel's literal double-precision
 * formulas are off by up to ~1e-10 where the judge is nearly uninformative (α ≈ β). c₁ is clamped to [0, 1]; inside Gavel's domain
 * (σ_w² + σ_l² ≤ 2, which holds from the priors on because the σ² here start at 1 and
 * 1 + σ²(q(1−q) − p(1−p)) can exceed 1 only by at most σ²/4) it never leaves it anyway.
 *
 * Note on σ²: the averaged likelihood is not log-concave, so σ² can grow — exactly when the judge
 * looks reliable (α > β) and the winner was well behind: μ_w − μ_l < −½ ln(α/β). Gavel and the
 * paper behave so; tests/unit/crowd-bt.test.ts states this as a property. σ² never grows when the
 * winner was not behind (μ_w ≥ μ_l, α ≥ β), and never falls below κ·σ².
 */

export const CROWD_BT_DEFAULTS = { gamma: 0.1, kappa: 1e-4, muPrior: 0, sigmaSqPrior: 1, alphaPrior: 10, betaPrior: 1 } as const;

const { gamma: GAMMA, kappa: KAPPA } = CROWD_BT_DEFAULTS;

/** e^{a}/(e^{a}+e^{b}) without overflow. */
function logistic(a: number, b: number): number {
  const d = b - a;
  if (d >= 0) {
    const e = Math.exp(-d);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(d));
}

/** Everything one vote "w beat l" changes, from the values before it (see the header). */
interface Step {
  alpha: number;
  beta: number;
  /** α′ − α and β′ − β, computed directly (the Beta divergence needs them to full precision). */
  dAlpha: number;
  dBeta: number;
  /** P(this vote) under the current posterior. */
  c: number;
  /** μ_w′ − μ_w (= μ_l − μ_l′ scaled by σ_l²/σ_w²). */
  dMuW: number;
  dMuL: number;
  /** σ′²/σ² − 1 for the winner and the loser (≥ κ − 1). */
  xW: number;
  xL: number;
}

function step(alpha: number, beta: number, muW: number, sigmaSqW: number, muL: number, sigmaSqL: number): Step {
  const p = logistic(muW, muL);
  const p1 = logistic(muL, muW); // 1 − p, computed without cancellation
  const pq = p * p1;
  // q − p = (α − β) p (1 − p) / (α p + β (1 − p)), 1 − q − p = (β (1 − p)² − α p²) / (α p + β (1 − p))
  const denominator = alpha * p + beta * p1;
  const qMinusP = ((alpha - beta) * pq) / denominator;
  const secondDerivative = (qMinusP * (beta * p1 * p1 - alpha * p * p)) / denominator; // q(1−q) − p(1−p)
  const xW = Math.max(sigmaSqW * secondDerivative, KAPPA - 1);
  const xL = Math.max(sigmaSqL * secondDerivative, KAPPA - 1);

  // The judge, by moment matching of the mixture w₁ Beta(α+1, β) + w₂ Beta(α, β+1), written so that
  // nothing cancels: with s = α + β and A = w₁(α+1)β + w₂α(β+1),
  //   E[η(1−η)] = A / ((s+1)(s+2)),  Var η = (A + w₁w₂(s+2)) / ((s+1)²(s+2)),
  //   E[η] = (α + w₁)/(s+1),  1 − E[η] = (β + w₂)/(s+1),
  // so α′ = A(α + w₁) / (A + w₁w₂(s+2)) and β′ = A(β + w₂) / (A + w₁w₂(s+2)) — the same values as
  // (E[η] − E[η²]) E[η] / (E[η²] − E[η]²) and (E[η] − E[η²])(1 − E[η]) / (E[η²] − E[η]²).
  // The differences: α′ − α = w₁(α+1)αβ(c₁ − c₂) / (m · spread), β′ − β = −w₂(β+1)αβ(c₁ − c₂) / (m · spread),
  // with m = c₁α + c₂β, spread = A + w₁w₂(s+2), and c₁ − c₂ = (2p − 1)(1 − (σ_w² + σ_l²) p(1 − p)),
  // 2p − 1 = tanh((μ_w − μ_l)/2).
  const sigmaSum = sigmaSqW + sigmaSqL;
  const c1 = Math.min(1, Math.max(0, p + 0.5 * sigmaSum * pq * (p1 - p)));
  const c2 = Math.min(1, Math.max(0, p1 - 0.5 * sigmaSum * pq * (p1 - p)));
  const clamped = c1 === 0 || c1 === 1 || c2 === 0 || c2 === 1;
  const c1MinusC2 = clamped ? c1 - c2 : Math.tanh((muW - muL) / 2) * (1 - sigmaSum * pq);
  const s = alpha + beta;
  const mixture = c1 * alpha + c2 * beta;
  const c = mixture / s;
  const w1 = (c1 * alpha) / mixture;
  const w2 = (c2 * beta) / mixture;
  const a = w1 * (alpha + 1) * beta + w2 * alpha * (beta + 1);
  const spread = a + w1 * w2 * (s + 2);
  const common = (alpha * beta * c1MinusC2) / (mixture * spread);
  const dAlpha = w1 * (alpha + 1) * common;
  const dBeta = -w2 * (beta + 1) * common;
  return {
    alpha: alpha + dAlpha,
    beta: beta + dBeta,
    dAlpha,
    dBeta,
    c,
    dMuW: sigmaSqW * qMinusP,
    dMuL: -sigmaSqL * qMinusP,
    xW,
    xL,
  };
}

/** One comparison: the judge said `winner` beat `loser`. Returns the six updated values. */
export function update(
  alpha: number,
  beta: number,
  muWinner: number,
  sigmaSqWinner: number,
  muLoser: number,
  sigmaSqLoser: number,
): [alpha: number, beta: number, muWinner: number, sigmaSqWinner: number, muLoser: number, sigmaSqLoser: number] {
  const u = step(alpha, beta, muWinner, sigmaSqWinner, muLoser, sigmaSqLoser);
  return [u.alpha, u.beta, muWinner + u.dMuW, sigmaSqWinner * (1 + u.xW), muLoser + u.dMuL, sigmaSqLoser * (1 + u.xL)];
}

/** x − ln(1 + x) for x > −1, accurate to the last bits near 0 (where it is x²/2 − x³/3 + …). */
function xMinusLog1p(x: number): number {
  if (Math.abs(x) > 0.25) return x - Math.log1p(x);
  let term = x * x;
  let sum = 0;
  for (let k = 2; k < 60; k += 1) {
    const t = term / k;
    sum += k % 2 === 0 ? t : -t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    term *= x;
  }
  return sum;
}

/** KL(N(μ + dMu, σ²(1 + x)) ‖ N(μ, σ²)) = dMu²/(2σ²) + (x − ln(1 + x))/2. */
function gaussianGain(dMu: number, sigmaSq: number, x: number): number {
  return (dMu * dMu) / (2 * sigmaSq) + xMinusLog1p(x) / 2;
}

/** KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)). */
export function divergenceGaussian(mu1: number, sigmaSq1: number, mu2: number, sigmaSq2: number): number {
  return gaussianGain(mu1 - mu2, sigmaSq2, (sigmaSq1 - sigmaSq2) / sigmaSq2);
}

/** KL(Beta(α₁, β₁) ‖ Beta(α₂, β₂)). */
export function divergenceBeta(alpha1: number, beta1: number, alpha2: number, beta2: number): number {
  return (
    logBeta(alpha2, beta2) -
    logBeta(alpha1, beta1) +
    (alpha1 - alpha2) * digamma(alpha1) +
    (beta1 - beta2) * digamma(beta1) +
    (alpha2 - alpha1 + beta2 - beta1) * digamma(alpha1 + beta1)
  );
}

/**
 * KL(Beta(α₁, β₁) ‖ Beta(α₁ + hα, β₁ + hβ)) = D(α₁, hα) + D(β₁, hβ) − D(α₁ + β₁, hα + hβ), where
 * D(x, h) = ln Γ(x + h) − ln Γ(x) − h ψ(x): the same as divergenceBeta, without its cancellation.
 */
function betaGain(alpha1: number, beta1: number, dAlpha: number, dBeta: number): number {
  // the prior of the vote is Beta(α₁ − dα, β₁ − dβ)
  const hAlpha = -dAlpha;
  const hBeta = -dBeta;
  return Math.max(0, logGammaSecondDifference(alpha1, hAlpha) + logGammaSecondDifference(beta1, hBeta) - logGammaSecondDifference(alpha1 + beta1, hAlpha + hBeta));
}

/**
 * D(x, h) = ln Γ(x + h) − ln Γ(x) − h ψ(x) for x, x + h > 0. Shifted to X = x + n ≥ 15 by
 * ln Γ(y) = ln Γ(y + n) − Σ ln(y + i) and ψ(y) = ψ(y + n) − Σ 1/(y + i), which turns the shift into
 * Σ (t − ln(1 + t)), t = h/(x + i); at X, Stirling's series gives, with t = h/X,
 * X((1 + t)ln(1 + t) − t) − ½(ln(1 + t) − t) + S(X + h) − S(X) + h T(X)
 * (S, T the series tails of ln Γ and ψ). Every piece is computed without cancellation.
 */
export function logGammaSecondDifference(x: number, h: number): number {
  if (h === 0) return 0;
  let sum = 0;
  while (x < 15 || x + h < 15) {
    sum += xMinusLog1p(h / x);
    x += 1;
  }
  const t = h / x;
  const y = x + h;
  const stirlingTail = (z: number) => {
    const inv = 1 / z;
    const inv2 = inv * inv;
    return inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188)))));
  };
  const digammaTail = (z: number) => {
    const inv2 = 1 / (z * z);
    return inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  };
  return sum + x * onePlusTLog1pMinusT(t) + 0.5 * xMinusLog1p(t) + stirlingTail(y) - stirlingTail(x) + h * digammaTail(x);
}

/** (1 + t) ln(1 + t) − t for t > −1 (t²/2 − t³/6 + t⁴/12 − … near 0). */
function onePlusTLog1pMinusT(t: number): number {
  if (Math.abs(t) > 0.25) return (1 + t) * Math.log1p(t) - t;
  let power = t * t;
  let sum = 0;
  for (let k = 2; k < 60; k += 1) {
    const term = power / (k * (k - 1));
    sum += k % 2 === 0 ? term : -term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    power *= t;
  }
  return sum;
}

export function expectedInformationGain(alpha: number, beta: number, muA: number, sigmaSqA: number, muB: number, sigmaSqB: number): number {
  const aWins = step(alpha, beta, muA, sigmaSqA, muB, sigmaSqB);
  const bWins = step(alpha, beta, muB, sigmaSqB, muA, sigmaSqA);
  const gain = (u: Step, sigmaSqW: number, sigmaSqL: number) =>
    gaussianGain(u.dMuW, sigmaSqW, u.xW) + gaussianGain(u.dMuL, sigmaSqL, u.xL) + GAMMA * betaGain(u.alpha, u.beta, u.dAlpha, u.dBeta);
  // aWins.c + bWins.c = 1 exactly in real arithmetic; weigh by the first as Gavel does.
  return aWins.c * gain(aWins, sigmaSqA, sigmaSqB) + (1 - aWins.c) * gain(bWins, sigmaSqB, sigmaSqA);
}

export interface PairwiseVote {
  judge: string;
  winner: string;
  loser: string;
}

/**
 * Replays votes in the given order from the priors (Gavel's online posterior). Every item starts
 * at N(μ = 0, σ² = 1), every judge at Beta(10, 1). Votes naming an item not in `items`, or the same
 * item twice, are ignored. Judges appear in `judges` once they have a counted vote.
 */
export function crowdBtPosterior(
  items: readonly string[],
  votes: readonly PairwiseVote[],
): { items: Map<string, { mu: number; sigmaSq: number }>; judges: Map<string, { alpha: number; beta: number }> } {
  const posterior = new Map<string, { mu: number; sigmaSq: number }>();
  for (const id of items) posterior.set(id, { mu: CROWD_BT_DEFAULTS.muPrior, sigmaSq: CROWD_BT_DEFAULTS.sigmaSqPrior });
  const judges = new Map<string, { alpha: number; beta: number }>();
  for (const vote of votes) {
    const w = posterior.get(vote.winner);
    const l = posterior.get(vote.loser);
    if (!w || !l || w === l) continue;
    let j = judges.get(vote.judge);
    if (!j) {
      j = { alpha: CROWD_BT_DEFAULTS.alphaPrior, beta: CROWD_BT_DEFAULTS.betaPrior };
      judges.set(vote.judge, j);
    }
    const [alpha, beta, muW, sigmaSqW, muL, sigmaSqL] = update(j.alpha, j.beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
    j.alpha = alpha;
    j.beta = beta;
    w.mu = muW;
    w.sigmaSq = sigmaSqW;
    l.mu = muL;
    l.sigmaSq = sigmaSqL;
  }
  return { items: posterior, judges };
}

// ── Special functions (x > 0) ────────────────────────────────────────────────────────────────

/** ln Γ(x) for x > 0: recurrence up to x ≥ 15, then Stirling's series (error < 1e-16 relative there). */
export function logGamma(x: number): number {
  let shift = 0;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
    if (product > 1e280) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Stirling: (x−½)ln x − x + ½ln(2π) + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
  const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188)))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 15, then the asymptotic series. */
export function digamma(x: number): number {
  let result = 0;
  while (x < 15) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result + Math.log(x) - 0.5 * inv - series;
}
