/**
 * Conflicts of interest: pairs that are never assigned, whatever the solver would find cheapest.
 * Some follow from the data (own submission, same organisation, same team member, same e-mail
 * domain); others are declared by a reviewer or entered by the organiser. Each carries its source.
 */
import { normaliseRegistryId } from './entrant.ts';

export const CONFLICT_SOURCES = ['own-submission', 'same-organisation', 'same-team-member', 'same-email-domain', 'declared', 'organiser'] as const;
export type ConflictSource = (typeof CONFLICT_SOURCES)[number];

export interface Conflict {
  submissionId: string;
  reviewerSub: string;
  source: ConflictSource;
  /** The English sentence: for an automatic conflict made from `source` and `detail`; for the others, the person's words. */
  reason: string;
  /** An automatic conflict's particular: the address both teams share, or the e-mail domain. */
  detail?: string;
}

/** Free mail providers: sharing one says nothing about being colleagues. */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.de',
  'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 'mail.com',
  'yandex.com', 'zoho.com', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'seznam.cz', 'wp.pl', 'o2.pl', 't-online.de',
]);

/**
 * Domains that say nothing about an employer: free mail providers, and the names reserved for
 * testing and documentation (RFC 2606 / 6761) — every demo account is @demo.test.
 */
export function isSharedMailDomain(domain: string): boolean {
  return (
    PUBLIC_MAIL_DOMAINS.has(domain) ||
    /\.(test|example|invalid|localhost)$/.test(domain) ||
    /(^|\.)example\.(com|net|org)$/.test(domain)
  );
}

export function emailDomain(email: string): string {
  return email.toLowerCase().split('@')[1] ?? '';
}

/** What a conflict check needs to know about a reviewer. */
export interface ReviewerFacts {
  sub: string;
  /**
   * The reviewer's own sign-in address, only when verified: an unverified address is a claim
   * anyone can make, and would let them steer which submissions a reviewer is kept from.
   */
  email?: string;
  /** The reviewer's own registration, when they are an entrant. */
  registryId?: string;
  submissionId?: string;
  /** E-mails of the reviewer's own team (peer reviewers), whose domains are theirs too. */
  teamEmails?: string[];
}

/** What it needs to know about a submission's team. */
export interface SubmissionFacts {
  submissionId: string;
  ownerSub: string;
  /** The owner's sign-in address, only when verified (see ReviewerFacts.email). */
  ownerEmail?: string;
  registryId: string;
  teamEmails: string[];
}

/** The conflicts that follow from the data, for one reviewer and one submission (first reason wins). */
export function automaticConflict(r: ReviewerFacts, s: SubmissionFacts): Conflict | undefined {
  const base = { submissionId: s.submissionId, reviewerSub: r.sub };
  if (r.sub === s.ownerSub || r.submissionId === s.submissionId)
    return { ...base, source: 'own-submission', reason: "The reviewer's own submission." };
  if (r.registryId && normaliseRegistryId(r.registryId) === normaliseRegistryId(s.registryId))
    return { ...base, source: 'same-organisation', reason: 'Same organisation (registry/VAT id).' };
  const known = (emails: (string | undefined)[]) => emails.filter((e): e is string => !!e).map((e) => e.toLowerCase());
  const mine = known([r.email, ...(r.teamEmails ?? [])]);
  const team = new Set(known([s.ownerEmail, ...s.teamEmails]));
  const shared = mine.find((e) => team.has(e));
  if (shared) return { ...base, source: 'same-team-member', reason: `Same person on both teams (${shared}).`, detail: shared };
  const teamDomains = new Set([...team].map(emailDomain));
  const domain = mine.map(emailDomain).find((d) => d !== '' && !isSharedMailDomain(d) && teamDomains.has(d));
  if (domain) return { ...base, source: 'same-email-domain', reason: `Same e-mail domain (${domain}).`, detail: domain };
  return undefined;
}

/** Overlap of interests with a submission's sectors and value chain (case-insensitive). */
export function affinity(interests: string[], tags: string[]): number {
  const mine = new Set(interests.map((t) => t.trim().toLowerCase()));
  return new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => mine.has(t))).size;
}

/**
 * Every automatic conflict between these reviewers and submissions — exactly the pairs for which
 * `automaticConflict` finds one, each with its first reason — found through indexes (owner,
 * submission, registry id, e-mail, company domain) rather than by comparing every pair: at
 * 10,000 submissions × 2,000 reviewers that is 20 M comparisons for a few hundred conflicts.
 */
export function automaticConflicts(reviewers: readonly ReviewerFacts[], submissions: readonly SubmissionFacts[]): Conflict[] {
  const index = new Map<string, SubmissionFacts[]>();
  const add = (key: string, s: SubmissionFacts) => {
    const list = index.get(key);
    if (list) list.push(s);
    else index.set(key, [s]);
  };
  const known = (emails: (string | undefined)[]) => emails.filter((e): e is string => !!e).map((e) => e.toLowerCase());
  for (const s of submissions) {
    add(`owner\n${s.ownerSub}`, s);
    add(`id\n${s.submissionId}`, s);
    add(`registry\n${normaliseRegistryId(s.registryId)}`, s);
    for (const e of new Set(known([s.ownerEmail, ...s.teamEmails]))) {
      add(`email\n${e}`, s);
      const d = emailDomain(e);
      if (d !== '' && !isSharedMailDomain(d)) add(`domain\n${d}`, s);
    }
  }
  const out: Conflict[] = [];
  for (const r of reviewers) {
    const mine = known([r.email, ...(r.teamEmails ?? [])]);
    const keys = [
      `owner\n${r.sub}`,
      ...(r.submissionId !== undefined ? [`id\n${r.submissionId}`] : []),
      ...(r.registryId ? [`registry\n${normaliseRegistryId(r.registryId)}`] : []),
      ...mine.map((e) => `email\n${e}`),
      ...mine.map((e) => `domain\n${emailDomain(e)}`),
    ];
    const candidates = new Set<SubmissionFacts>();
    for (const k of keys) for (const s of index.get(k) ?? []) candidates.add(s);
    for (const s of candidates) {
      const c = automaticConflict(r, s);
      if (c) out.push(c);
    }
  }
  return out;
}

/** Positive affinities by position in the lists given: parallel arrays, one entry per pair. */
export interface IndexedAffinities {
  submission: Int32Array;
  reviewer: Int32Array;
  value: Int32Array;
}

/**
 * `affinity(interests[r], tags[s])` for every pair where it is positive, and only those, without
 * visiting the others: an inverted index from each tag to the reviewers interested in it, and a
 * counter per reviewer that each of a submission's tags increments. The work is the number of
 * (submission, reviewer, shared tag) triples, not submissions × reviewers; the answer is typed
 * arrays, not an object per pair (the solver reads them as they are).
 */
export function affinities(tags: readonly (readonly string[])[], interests: readonly (readonly string[])[]): IndexedAffinities {
  const norm = (t: string) => t.trim().toLowerCase();
  const tagIds = new Map<string, number>();
  const reviewersOf: number[][] = [];
  interests.forEach((list, r) => {
    for (const t of new Set(list.map(norm))) {
      let id = tagIds.get(t);
      if (id === undefined) {
        id = reviewersOf.length;
        tagIds.set(t, id);
        reviewersOf.push([]);
      }
      reviewersOf[id]!.push(r);
    }
  });
  const count = new Int32Array(interests.length);
  const touched = new Int32Array(interests.length);
  let cap = 1024;
  let n = 0;
  let sOut = new Int32Array(cap);
  let rOut = new Int32Array(cap);
  let vOut = new Int32Array(cap);
  tags.forEach((list, s) => {
    let t = 0;
    for (const tag of new Set(list.map(norm))) {
      const id = tagIds.get(tag);
      if (id === undefined) continue;
      for (const r of reviewersOf[id]!) if (count[r]!++ === 0) touched[t++] = r;
    }
    if (n + t > cap) {
      while (n + t > cap) cap *= 2;
      const grow = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a.subarray(0, n));
        return b;
      };
      sOut = grow(sOut);
      rOut = grow(rOut);
      vOut = grow(vOut);
    }
    for (let i = 0; i < t; i++) {
      const r = touched[i]!;
      sOut[n] = s;
      rOut[n] = r;
      vOut[n++] = count[r]!;
      count[r] = 0;
    }
  });
  return { submission: sOut.subarray(0, n), reviewer: rOut.subarray(0, n), value: vOut.subarray(0, n) };
}
