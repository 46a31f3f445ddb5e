/**
 * The web's one table of what each organiser action needs (web/src/capabilities.ts) against the
 * API's own word: each action names the routes its buttons call, and the capability the table
 * gives it must be the one those routes admit in `x-access` (functions/app/access-policy.ts:
 * programme-staff = read, evaluation-staff = evaluate, finance-staff = finance, the organisers
 * alone = manage). Every state-changing organiser route of a competition must belong to an
 * action, so a new route cannot reach the pages without deciding who sees its button.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/app/openapi-document.ts';
import { ACTION_NEEDS, allows, readOnlyNote, type Capability, type OrganiserAction } from '../../web/src/capabilities.ts';

const C = '/api/competitions/{competitionId}';
const R = `${C}/rounds/{roundId}`;

/** The routes behind each action's buttons. */
const ROUTES: Record<OrganiserAction, string[]> = {
  'edit-competition': [`PUT ${C}`],
  'edit-translations': [`PUT ${C}/translations`],
  'publish-competition': [`POST ${C}/publish`],
  'close-competition': [`POST ${C}/close`],
  'archive-competition': [`POST ${C}/archive`],
  'publish-results': [`POST ${C}/results/publish`, `POST ${C}/results/amendment`, `POST ${C}/results/amendment/publish`],
  'release-feedback': [`POST ${C}/feedback/release`],
  'edit-messages': [`PUT ${C}/messages/{kind}`, `POST ${C}/messages/{kind}/reset`],
  'edit-reminders': [`PUT ${C}/reminders/{kind}`],
  'audience-vote-settings': [`PUT ${C}/audience-vote`],
  'invite-organisers': [
    `DELETE ${C}/organisers/{userSub}`,
    `POST ${C}/organiser-invitations`,
    `POST ${C}/organiser-invitations/{invitationId}/resend`,
    `DELETE ${C}/organiser-invitations/{invitationId}`,
  ],
  'clear-mail-suppressions': [`POST ${C}/mail-suppressions/clear`],
  'edit-privacy': [`PUT ${C}/privacy`],
  'caption-automatically': [`POST ${C}/pitches/automatic-captions`],
  'edit-rounds': [`POST ${C}/rounds`, `PUT ${R}`],
  'invite-reviewers': [`POST ${R}/invitations`, `POST ${C}/invitations/{invitationId}/resend`, `DELETE ${C}/invitations/{invitationId}`],
  'assign-reviewers': [`POST ${R}/conflicts`, `POST ${R}/pins`, `POST ${R}/assignment/preview`, `POST ${R}/assignment`, `POST ${R}/reviewers/{reviewerSub}/drop`],
  'moderate-reviews': [
    `PUT ${R}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`,
    `DELETE ${R}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`,
    `POST ${R}/submissions/{submissionId}/extra-review`,
  ],
  'expo-tables': [`PUT ${R}/expo/tables`, `POST ${R}/expo/tables/auto`, `PUT ${R}/expo/tables/{submissionId}/absent`],
  'moderate-ballots': [`POST ${C}/audience-vote/ballots/{ballotId}/void`, `POST ${C}/audience-vote/ballots/{ballotId}/restore`],
  'edit-prize-plan': [`PUT ${C}/prize-plan`],
  'confirm-awards': [`POST ${C}/awards`, `DELETE ${C}/awards/{awardKey}`],
  // The payment file is one kind of `POST …/exports` (read): the use case asks finance for it
  // (use-cases/jobs.ts), which x-access cannot say per body; tests/api cover the refusal.
  'payment-file': [],
  export: [`POST ${C}/exports`],
  'recount-dashboard': [`POST ${C}/dashboard/recount`],
  'preview-message': [`POST ${C}/messages/{kind}/preview`],
};

type Operation = { 'x-access'?: string[] };
const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
const accessOf = (route: string): string[] => {
  const [method, path] = route.split(' ') as [string, string];
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`No operation ${route} in the OpenAPI document`);
  return op['x-access'] ?? [];
};
/** The capability a route's x-access admits programme staff with. */
function needOf(route: string): Capability {
  const access = accessOf(route);
  if (access.includes('evaluation-staff')) return 'evaluate';
  if (access.includes('finance-staff')) return 'finance';
  if (access.includes('programme-staff')) return 'read';
  expect(access, route).toContain('organiser');
  return 'manage';
}

describe('the web’s table of organiser actions', () => {
  it.each(Object.keys(ACTION_NEEDS) as OrganiserAction[])('%s needs what its routes admit', (action) => {
    for (const route of ROUTES[action]) expect(needOf(route), route).toBe(ACTION_NEEDS[action]);
  });

  it('covers every state-changing organiser route of a competition', () => {
    const covered = new Set(Object.values(ROUTES).flat());
    const uncovered: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith(C)) continue;
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'get' || !['post', 'put', 'patch', 'delete'].includes(method)) continue;
        const route = `${method.toUpperCase()} ${path}`;
        if ((op['x-access'] ?? []).includes('organiser') && !covered.has(route)) uncovered.push(route);
      }
    }
    expect(uncovered).toEqual([]);
  });

  it('gives each programme role the pages’ actions of its capabilities, and says why the rest is read-only', () => {
    // As CAPABILITIES_OF_ROLE (domain/programme.ts) gives them.
    const observer = { myCapabilities: ['read'] as Capability[] };
    const finance = { myCapabilities: ['read', 'finance'] as Capability[] };
    const evaluation = { myCapabilities: ['read', 'evaluate'] as Capability[] };
    const organiser = { myCapabilities: ['read', 'manage', 'evaluate', 'finance'] as Capability[] };
    const doable = (c: { myCapabilities: Capability[] }) => (Object.keys(ACTION_NEEDS) as OrganiserAction[]).filter((a) => allows(c, a));
    expect(doable(observer)).toEqual(['export', 'recount-dashboard', 'preview-message']);
    expect(doable(finance)).toEqual(['edit-prize-plan', 'confirm-awards', 'payment-file', 'export', 'recount-dashboard', 'preview-message']);
    expect(doable(evaluation)).toEqual(['edit-rounds', 'invite-reviewers', 'assign-reviewers', 'moderate-reviews', 'expo-tables', 'moderate-ballots', 'export', 'recount-dashboard', 'preview-message']);
    expect(doable(organiser)).toEqual(Object.keys(ACTION_NEEDS));
    expect(readOnlyNote(finance, 'edit-rounds')).toBe('You can read this page; changing it is for the organisers and the programme’s evaluation managers.');
    expect(readOnlyNote(finance, 'edit-prize-plan')).toBeUndefined();
    // Someone who cannot read the pages gets no note (the page refuses them anyway).
    expect(readOnlyNote({ myCapabilities: [] }, 'edit-rounds')).toBeUndefined();
  });
});
