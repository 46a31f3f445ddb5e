/**
 * A programme with calls, for the cross-call ledger's tests (H3): the programme item and its people
 * written through the ports (as H1's routes would), competitions made calls of it (their
 * `programmeId` and the programme's call list), each call a decided competition whose entrants
 * register with the same registry ids — so entrant i of every call is the same third party.
 */
import type { Programme, ProgrammeRole } from '../../functions/domain/programme.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { people, type Harness } from './api-harness.ts';
import { decidedWorld, type World } from './results-world.ts';

export const coordinator = people.organiser;
export const observer: Identity = { sub: 'u-observer', email: 'observer@demo.test', name: 'Otto Observer', groups: [] };
export const outsider: Identity = { sub: 'u-outsider', email: 'outsider@demo.test', name: 'Una Outsider', groups: ['organisers'] };

export function programmeOf(id: string, o: Partial<Programme> = {}): Programme {
  const at = '2026-11-01T10:00:00.000Z';
  return {
    id,
    name: 'GreenChain',
    description: 'INNOSUP-1 cluster project',
    coordinatorPartnerId: 'p1',
    partners: [
      { id: 'p1', name: 'Cluster Nord', country: 'DE', contactName: 'Nora Nord', contactEmail: 'nora@nord.test' },
      { id: 'p2', name: 'Pôle Sud', country: 'FR', contactName: 'Paul Sud', contactEmail: 'paul@sud.test' },
    ],
    totalBudget: 120_000_000, // €1,200,000 (minor units, as awards)
    minSmeShare: 0.75,
    thirdPartyCap: 6_000_000, // €60,000
    currency: 'EUR',
    period: { start: '2026-01-01', end: '2028-12-31' },
    createdBy: coordinator.sub,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...o,
  };
}

export async function createProgramme(h: Harness, id: string, o: Partial<Programme> = {}, members: [Identity, ProgrammeRole][] = [[coordinator, 'coordinator'], [observer, 'observer']]) {
  const programme = programmeOf(id, o);
  await h.deps.programmes.create(programme);
  for (const [who, role] of members)
    await h.deps.programmes.putMember({ programmeId: id, userSub: who.sub, userEmail: who.email, role, addedAt: programme.createdAt, addedBy: coordinator.sub });
  return programme;
}

/** Makes the competition a call of the programme (as attaching a call does). */
export async function attach(h: Harness, programmeId: string, competitionId: string, partnerId = 'p1') {
  const c = (await h.deps.competitions.get(competitionId))!;
  await h.deps.competitions.update({ ...c, programmeId, version: c.version + 1 }, c.version);
  await h.deps.programmes.addCall(programmeId, { competitionId, title: c.title, partnerId, addedAt: '2026-11-02T10:00:00.000Z' });
}

/** `calls` decided competitions of `n` entrants each, every one a call of the programme. */
export async function programmeWorld(h: Harness, programmeId: string, o: { calls?: number; n?: number; programme?: Partial<Programme>; plan?: unknown } = {}) {
  const programme = await createProgramme(h, programmeId, o.programme);
  const calls: World[] = [];
  for (let i = 0; i < (o.calls ?? 2); i++) {
    const w = await decidedWorld(h, { n: o.n ?? 4, title: `${programme.name} call ${i + 1}`, prefix: `${programmeId}c${i}e`, ...(o.plan ? { plan: o.plan } : {}) });
    await attach(h, programmeId, w.cid, i % 2 === 0 ? 'p1' : 'p2');
    calls.push(w);
  }
  return { programme, calls };
}

/** Confirms one award as the coordinator (who organises every call here). */
export const confirm = (h: Harness, w: World, award: Record<string, unknown>) => h.call('POST', `${w.base}/awards`, coordinator, { awards: [award] });
export const withdraw = (h: Harness, w: World, key: string) => h.call('DELETE', `${w.base}/awards/${encodeURIComponent(key)}`, coordinator);
