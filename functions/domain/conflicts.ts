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
  reason: string;
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
  if (shared) return { ...base, source: 'same-team-member', reason: `Same person on both teams (${shared}).` };
  const teamDomains = new Set([...team].map(emailDomain));
  const domain = mine.map(emailDomain).find((d) => d !== '' && !isSharedMailDomain(d) && teamDomains.has(d));
  if (domain) return { ...base, source: 'same-email-domain', reason: `Same e-mail domain (${domain}).` };
  return undefined;
}

/** Overlap of interests with a submission's sectors and value chain (case-insensitive). */
export function affinity(interests: string[], tags: string[]): number {
  const mine = new Set(interests.map((t) => t.trim().toLowerCase()));
  return new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => mine.has(t))).size;
}
