/**
 * Registering an organisation as an entrant, and who may register at all (eligibility).
 */
import type { Competition } from './competition.ts';
import { assertAllowed } from './lifecycle.ts';
import { DeadlinePassed, InvalidState, RuleViolation, type FieldErrors } from './errors.ts';

export interface TeamMember {
  name: string;
  email: string;
  role: string;
}

export interface Registration {
  organisationName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Company registry number or VAT id, as entered. */
  registryId: string;
  /** The organisation declares it meets the EU SME definition. */
  smeDeclaration: boolean;
  team: TeamMember[];
}

export interface Entrant extends Registration {
  competitionId: string;
  userSub: string;
  userEmail: string;
  registeredAt: string;
}

/** Registry ids compare without spaces, dots, dashes or case: "be 0123.456.789" = "BE0123456789". */
export function normaliseRegistryId(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function eligibilityErrors(c: Competition, r: Registration): FieldErrors {
  const errors: FieldErrors = {};
  const countries = c.eligibility.countries;
  if (countries.length > 0 && !countries.includes(r.country))
    errors.country = `Organisations from ${r.country} are not eligible; eligible countries: ${countries.join(', ')}.`;
  if (c.eligibility.smeOnly && !r.smeDeclaration)
    errors.smeDeclaration = 'This competition is open to SMEs only; the SME declaration is required.';
  if (normaliseRegistryId(r.registryId).length < 4) errors.registryId = 'Enter the registry number or VAT id.';
  return errors;
}

export function assertCanRegister(c: Competition, r: Registration, now: Date): void {
  assertAllowed(c, now, 'register');
  const errors = eligibilityErrors(c, r);
  if (Object.keys(errors).length > 0)
    throw new RuleViolation('NOT_ELIGIBLE', Object.values(errors)[0]!, errors);
}
