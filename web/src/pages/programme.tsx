/**
 * One programme (/programmes/:id), for everyone with a role in it: what it is (period, budget,
 * funding rules), its partners, its calls with their status and dates (with "New call" for
 * coordinators and partner organisers), and its people with their roles. Coordinators also invite
 * people by e-mail (the link is shown to copy as a fallback), resend or revoke pending
 * invitations, change roles, remove people, attach a competition they organise as a call and make
 * a person an organiser of a call. The dashboard (/programmes/:id/dashboard) has the money.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { InvitationActions, InvitationLink } from '../components/invitation-link.tsx';
import { MailNotSent, MailStatusBadge } from '../components/mail-status-badge.tsx';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { Empty, ErrorSummary, Field, fieldId, LoadError, Loading, Notice, TextField } from '../components/ui.tsx';
import type { components } from '../../generated/api.d.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { t, tMaybe, type MessageKey } from '../i18n.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import { actionLabel } from './audit.tsx';
import { programmeMoney, ROLE_LABELS, roleInSentence, type Programme, type ProgrammeRole } from './programmes.tsx';

type Schemas = components['schemas'];
type Call = Schemas['ProgrammeCall'];
type Person = Schemas['ProgrammePerson'];
type Invitation = Schemas['ProgrammeInvitationList']['items'][number];
type Sent = Schemas['SentProgrammeInvitation'];

const ROLES = Object.keys(ROLE_LABELS) as ProgrammeRole[];

export function ProgrammePage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('programme.signInWhat')}>
      <ProgrammeView id={id} />
    </RequireSignIn>
  );
}

function ProgrammeView({ id }: { id: string }) {
  const path = { programmeId: id };
  const res = useResource(() => api.GET('/api/programmes/{programmeId}', { params: { path } }), id);
  const [flash] = useState(takeFlash);
  useTitle(res.data?.name ?? t('programme.title'));
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  const p = res.data;
  const coordinator = p.myRole === 'coordinator';
  const opensCalls = coordinator || p.myRole === 'partner-organiser';
  return (
    <section class="programme-page">
      {flash && <Notice kind="success">{flash}</Notice>}
      <div class="page-head">
        <div>
          <p class="kind">{t('programme.kind', { role: roleInSentence(p.myRole) })}</p>
          <h1>{p.name}</h1>
          {p.description && <p class="lead">{p.description}</p>}
        </div>
        <div class="actions">
          <Link href={`/programmes/${enc(p.id)}/dashboard`} class="btn">
            {t('programme.dashboard')}
          </Link>
          {coordinator && (
            <Link href={`/programmes/${enc(p.id)}/edit`} class="btn">
              {t('programme.edit')}
            </Link>
          )}
        </div>
      </div>
      <dl class="details">
        <dt>{t('programme.period')}</dt>
        <dd>{t('programmes.period', { start: p.period.start, end: p.period.end })}</dd>
        <dt>{t('programme.totalBudget')}</dt>
        <dd>{programmeMoney(p.totalBudget, p.currency)}</dd>
        <dt>{t('programme.smeSupport')}</dt>
        <dd>{t('programme.smeSupportValue', { share: Math.round(p.minSmeShare * 10_000) / 100 })}</dd>
        <dt>{t('programme.cap')}</dt>
        <dd>{t('programme.capValue', { amount: programmeMoney(p.thirdPartyCap, p.currency) })}</dd>
      </dl>
      <Partners p={p} />
      <Calls p={p} opensCalls={opensCalls} coordinator={coordinator} />
      <People p={p} coordinator={coordinator} />
      {coordinator && <ProgrammeAudit p={p} />}
    </section>
  );
}

function Section({ id, title, children, intro }: { id: string; title: string; intro?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="panel section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {intro && <p class="muted">{intro}</p>}
      {children}
    </section>
  );
}

function Partners({ p }: { p: Programme }) {
  return (
    <Section id="partners" title={t('programme.partners')}>
      <DataTable columns={[t('programme.col.organisation'), t('programme.col.country'), t('programme.col.contact')]} caption={t('programme.partners')} hideCaption>
        {p.partners.map((x) => (
          <tr key={x.id}>
            <td>
              {x.name} {x.id === p.coordinatorPartnerId && <span class="badge">{t('programme.coordinatorBadge')}</span>}
            </td>
            <td>{x.country}</td>
            <td class="break">
              {x.contactName} · <a href={`mailto:${x.contactEmail}`}>{x.contactEmail}</a>
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}

const STATUS_LABEL: Record<string, MessageKey> = { draft: 'programme.status.draft', published: 'programme.status.published' };

function Calls({ p, opensCalls, coordinator }: { p: Programme; opensCalls: boolean; coordinator: boolean }) {
  const path = { programmeId: p.id };
  const calls = useResource(() => api.GET('/api/programmes/{programmeId}/calls', { params: { path } }), p.id);
  const items = calls.data?.items ?? [];
  return (
    <Section id="calls" title={t('programme.calls')} intro={t('programme.callsIntro')}>
      {opensCalls && (
        <p>
          <Link href={`/competitions/new?programme=${enc(p.id)}`} class="btn btn-primary">
            {t('programme.newCall')}
          </Link>
        </p>
      )}
      {calls.loading && !calls.data && <Loading />}
      {calls.error !== undefined && <LoadError error={calls.error} />}
      {calls.data && items.length === 0 && <Empty>{t('programme.noCalls')}</Empty>}
      {items.length > 0 && (
        <DataTable
          columns={[t('programme.col.call'), t('programme.col.partner'), t('programme.col.status'), t('programme.col.opens'), t('programme.col.closes')]}
          caption={t('programme.callsCaption')}
          hideCaption
        >
          {items.map((c) => (
            <tr key={c.competitionId}>
              <td>
                <Link href={`/competitions/${enc(c.competitionId)}`}>{c.title}</Link>
              </td>
              <td>{c.partnerName ?? '—'}</td>
              <td>{c.status ? <span class={`badge badge-${c.status}`}>{STATUS_LABEL[c.status] ? t(STATUS_LABEL[c.status]!) : c.status}</span> : '—'}</td>
              <td>{c.submissionsOpen && c.timeZone ? formatInZone(c.submissionsOpen, c.timeZone) : '—'}</td>
              <td>{c.submissionsClose && c.timeZone ? formatInZone(c.submissionsClose, c.timeZone) : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {coordinator && <AttachCall p={p} calls={items} onDone={calls.reload} />}
      {coordinator && items.length > 0 && <AssignOrganiser p={p} calls={items} />}
    </Section>
  );
}

/** A competition the coordinator organises becomes a call of the programme. */
function AttachCall({ p, calls, onDone }: { p: Programme; calls: Call[]; onDone: () => void }) {
  const mine = useResource(() => api.GET('/api/me/competitions'), 'mine');
  const [chosen, setChosen] = useState('');
  const [partnerId, setPartnerId] = useState(p.coordinatorPartnerId);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const inCalls = new Set(calls.map((c) => c.competitionId));
  const candidates = (mine.data?.items ?? []).filter((c) => c.myRoles.includes('organiser') && !c.programmeId && !inCalls.has(c.id));
  if (candidates.length === 0) return null;
  async function attach() {
    setBusy(true);
    setError(undefined);
    try {
      await api.PUT('/api/programmes/{programmeId}/calls/{competitionId}', { params: { path: { programmeId: p.id, competitionId: chosen } }, body: { partnerId } });
      setChosen('');
      onDone();
      mine.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
    <h3>{t('programme.attach.heading')}</h3>
    <ErrorSummary error={error} />
    <form
      class="inline-inputs"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) void attach();
      }}
    >
      <Field path="attach" label={t('programme.attach.competition')}>
        {(a11y) => (
          <select {...a11y} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            <option value="">{t('programme.choose')}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PartnerSelect path="attach-partner" label={t('programme.attach.runBy')} p={p} value={partnerId} onValue={setPartnerId} />
      <button type="submit" class="btn" disabled={busy || !chosen}>
        {busy ? t('programme.attach.adding') : t('programme.attach.submit')}
      </button>
    </form>
    </>
  );
}

/** The coordinator makes a person of the programme (usually a partner organiser) an organiser of one call. */
function AssignOrganiser({ p, calls }: { p: Programme; calls: Call[] }) {
  const people = useResource(() => api.GET('/api/programmes/{programmeId}/people', { params: { path: { programmeId: p.id }, query: { limit: 200 } } }), `${p.id}/assignable`);
  const [call, setCall] = useState('');
  const [person, setPerson] = useState('');
  const [done, setDone] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const candidates = (people.data?.items ?? []).filter((x) => x.role === 'partner-organiser' || x.role === 'coordinator');
  async function assign() {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      await api.PUT('/api/programmes/{programmeId}/calls/{competitionId}/organisers/{userSub}', { params: { path: { programmeId: p.id, competitionId: call, userSub: person } } });
      const who = candidates.find((x) => x.userSub === person)?.userEmail ?? '';
      setDone(t('programme.assign.done', { who, call: calls.find((c) => c.competitionId === call)?.title ?? '' }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  if (candidates.length === 0) return null;
  return (
    <>
    <h3>{t('programme.assign.heading')}</h3>
    <ErrorSummary error={error} />
    {done && (
      <p role="status" class="notice notice-success">
        {done}
      </p>
    )}
    <form
      class="inline-inputs"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (call && person) void assign();
      }}
    >
      <Field path="assign-call" label={t('programme.assign.call')}>
        {(a11y) => (
          <select {...a11y} value={call} onChange={(e) => setCall(e.currentTarget.value)}>
            <option value="">{t('programme.choose')}</option>
            {calls.map((c) => (
              <option key={c.competitionId} value={c.competitionId}>
                {c.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field path="assign-person" label={t('programme.assign.person')}>
        {(a11y) => (
          <select {...a11y} value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
            <option value="">{t('programme.choose')}</option>
            {candidates.map((x) => (
              <option key={x.userSub} value={x.userSub}>
                {t('programme.assign.option', { email: x.userEmail, role: roleInSentence(x.role) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" class="btn" disabled={busy || !call || !person}>
        {busy ? t('programme.assign.assigning') : t('programme.assign.submit')}
      </button>
    </form>
    </>
  );
}

function PartnerSelect({ path, label, p, value, onValue, errors }: { path: string; label: string; p: Programme; value: string; onValue: (v: string) => void; errors?: Record<string, string> }) {
  return (
    <Field path={path} label={label} errors={errors}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          <PartnerOptions p={p} />
        </select>
      )}
    </Field>
  );
}

const PartnerOptions = ({ p }: { p: Programme }) => (
  <>
    <option value="">{t('programme.noPartner')}</option>
    {p.partners.map((x) => (
      <option key={x.id} value={x.id}>
        {x.name}
      </option>
    ))}
  </>
);

const RoleOptions = () => (
  <>
    {ROLES.map((r) => (
      <option key={r} value={r}>
        {ROLE_LABELS[r]}
      </option>
    ))}
  </>
);

function RoleSelect({ path, label, value, onValue, errors }: { path: string; label: string; value: ProgrammeRole; onValue: (v: ProgrammeRole) => void; errors?: Record<string, string> }) {
  return (
    <Field path={path} label={label} errors={errors}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => onValue(e.currentTarget.value as ProgrammeRole)}>
          <RoleOptions />
        </select>
      )}
    </Field>
  );
}

function People({ p, coordinator }: { p: Programme; coordinator: boolean }) {
  const { claims } = useSession();
  const path = { programmeId: p.id };
  const [tick, setTick] = useState(0);
  const first = useResource(() => api.GET('/api/programmes/{programmeId}/people', { params: { path, query: { limit: 100 } } }), `${p.id}/people/${tick}`);
  const list = useLoadMore(first.data, (cursor) => api.GET('/api/programmes/{programmeId}/people', { params: { path, query: { limit: 100, cursor } } }));
  const [dialog, ask] = useConfirm();
  const [error, setError] = useState<Error>();
  const [acting, setActing] = useState('');
  const reload = () => setTick((t) => t + 1);

  async function run(sub: string, step: () => Promise<unknown>) {
    setActing(sub);
    setError(undefined);
    try {
      await step();
      reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setActing('');
    }
  }

  async function leave() {
    if (!(await ask({ title: t('programme.leave.title', { name: p.name }), body: t('programme.leave.body'), action: t('programme.leave.action'), danger: true }))) return;
    await run('me', async () => {
      await api.POST('/api/programmes/{programmeId}/leave', { params: { path } });
      setFlash(t('programme.leave.done', { name: p.name }));
      navigate('/programmes');
    });
  }

  return (
    <Section id="people" title={t('programme.people')} intro={t('programme.peopleIntro')}>
      {dialog}
      <ErrorSummary error={error} />
      {first.loading && !first.data && <Loading />}
      {first.error !== undefined && <LoadError error={first.error} />}
      {list.items.length > 0 && (
        <DataTable
          columns={[t('programme.col.person'), t('programme.col.role'), t('programme.col.partner'), t('programme.col.since'), ACTIONS_COLUMN]}
          caption={t('programme.peopleCaption')}
          hideCaption
        >
          {list.items.map((m) => (
            <PersonRow
              key={m.userSub}
              p={p}
              m={m}
              coordinator={coordinator}
              busy={acting !== ''}
              onRole={(role, partnerId) => run(m.userSub, () => api.PUT('/api/programmes/{programmeId}/people/{userSub}', { params: { path: { ...path, userSub: m.userSub } }, body: { role, ...(partnerId ? { partnerId } : {}) } }))}
              onRemove={async () => {
                if (!(await ask({ title: t('programme.remove.title', { email: m.userEmail, name: p.name }), body: t('programme.remove.body'), action: t('programme.remove.action'), danger: true }))) return;
                await run(m.userSub, () => api.DELETE('/api/programmes/{programmeId}/people/{userSub}', { params: { path: { ...path, userSub: m.userSub } } }));
              }}
            />
          ))}
        </DataTable>
      )}
      <LoadMore list={list} label={t('programme.morePeople')} />
      {claims && (
        <p>
          <button type="button" class="btn btn-small btn-danger-ghost" disabled={acting !== ''} onClick={() => void leave()}>
            {t('programme.leave.button')}
          </button>
        </p>
      )}
      {coordinator && <Invitations p={p} onJoined={reload} />}
    </Section>
  );
}

function PersonRow({ p, m, coordinator, busy, onRole, onRemove }: { p: Programme; m: Person; coordinator: boolean; busy: boolean; onRole: (role: ProgrammeRole, partnerId: string) => void; onRemove: () => void }) {
  const [role, setRole] = useState<ProgrammeRole>(m.role);
  const [partnerId, setPartnerId] = useState(m.partnerId ?? '');
  const changed = role !== m.role || partnerId !== (m.partnerId ?? '');
  return (
    <tr>
      <td class="break">
        {m.userEmail} <MailStatusBadge status={m.mailStatus} />
      </td>
      <td>
        {coordinator ? (
          <select aria-label={t('programme.roleOf', { email: m.userEmail })} value={role} onChange={(e) => setRole(e.currentTarget.value as ProgrammeRole)}>
            <RoleOptions />
          </select>
        ) : (
          ROLE_LABELS[m.role]
        )}
      </td>
      <td>
        {coordinator ? (
          <select aria-label={t('programme.partnerOf', { email: m.userEmail })} value={partnerId} onChange={(e) => setPartnerId(e.currentTarget.value)}>
            <PartnerOptions p={p} />
          </select>
        ) : (
          (m.partnerName ?? '—')
        )}
      </td>
      <td>{formatLocal(m.addedAt)}</td>
      <td>
        {coordinator && (
          <div class="actions">
            <button type="button" class="btn btn-small" disabled={busy || !changed} onClick={() => onRole(role, partnerId)} aria-label={t('programme.saveRoleOf', { email: m.userEmail })}>
              {t('programme.save')}
            </button>
            <button type="button" class="btn btn-small btn-danger-ghost" disabled={busy} onClick={onRemove} aria-label={t('programme.removeLabel', { email: m.userEmail })}>
              {t('programme.remove.action')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

function Invitations({ p, onJoined }: { p: Programme; onJoined: () => void }) {
  const path = { programmeId: p.id };
  const [tick, setTick] = useState(0);
  const first = useResource(() => api.GET('/api/programmes/{programmeId}/invitations', { params: { path, query: { limit: 100 } } }), `${p.id}/invitations/${tick}`);
  const list = useLoadMore(first.data, (cursor) => api.GET('/api/programmes/{programmeId}/invitations', { params: { path, query: { limit: 100, cursor } } }));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProgrammeRole>('partner-organiser');
  const [partnerId, setPartnerId] = useState('');
  const [sent, setSent] = useState<Sent>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState('');
  const [dialog, ask] = useConfirm();
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const reload = () => {
    setTick((t) => t + 1);
    onJoined();
  };

  async function step(what: string, run: () => Promise<Sent | undefined>) {
    setBusy(what);
    setError(undefined);
    try {
      const r = await run();
      if (r) setSent(r);
      reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy('');
    }
  }

  const invite = () =>
    step('invite', async () => {
      const r = await api.POST('/api/programmes/{programmeId}/invitations', { params: { path }, body: { email: email.trim(), role, ...(partnerId ? { partnerId } : {}) } });
      setEmail('');
      return r;
    });

  const pending = list.items.filter((i) => i.status !== 'accepted');
  return (
    <div class="section">
      {dialog}
      <h3>{t('programme.invite.heading')}</h3>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void invite();
        }}
      >
        <ErrorSummary error={error} labels={{ email: t('programme.invite.email'), role: t('programme.invite.role'), partnerId: t('programme.invite.partner') }} />
        <div class="grid-2">
          <TextField path="email" label={t('programme.invite.email')} type="email" required value={email} onValue={setEmail} errors={errors} autoComplete="off" />
          <RoleSelect path="role" label={t('programme.invite.role')} value={role} onValue={setRole} errors={errors} />
          <PartnerSelect path="partnerId" label={t('programme.invite.worksFor')} p={p} value={partnerId} onValue={setPartnerId} errors={errors} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy !== ''}>
          {busy === 'invite' ? t('programme.invite.inviting') : t('programme.invite.submit')}
        </button>
      </form>
      {sent && <InvitationLink key={sent.link} sent={sent} />}
      {pending.length > 0 && (
        <DataTable
          columns={[t('programme.col.email'), t('programme.col.role'), t('programme.col.status'), t('programme.col.sent'), t('programme.col.expires'), ACTIONS_COLUMN]}
          caption={t('programme.invitationsCaption')}
        >
          {pending.map((i: Invitation) => (
            <tr key={i.id}>
              <td class="break">
                {i.email} <MailStatusBadge status={i.mailStatus} />
              </td>
              <td>{ROLE_LABELS[i.role]}</td>
              <td>
                <span class={`badge badge-invite-${i.status}`}>{tMaybe(`programme.invitation.${i.status}`) ?? i.status}</span>
              </td>
              <td>
                {formatLocal(i.createdAt)} <MailNotSent mailState={i.mailState} mailError={i.mailError} />
              </td>
              <td>{i.status === 'revoked' ? t('programme.revokedAt', { when: formatLocal(i.revokedAt) }) : formatLocal(i.expiresAt)}</td>
              <td>
                {(i.status === 'pending' || i.status === 'expired') && (
                  <InvitationActions
                    email={i.email}
                    busy={busy}
                    id={i.id}
                    ask={ask}
                    onResend={() => step(i.id, () => api.POST('/api/programmes/{programmeId}/invitations/{invitationId}/resend', { params: { path: { ...path, invitationId: i.id } } }))}
                    onRevoke={() =>
                      step(i.id, async () => {
                        await api.DELETE('/api/programmes/{programmeId}/invitations/{invitationId}', { params: { path: { ...path, invitationId: i.id } } });
                        return undefined;
                      })
                    }
                  />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore list={list} label={t('programme.moreInvitations')} />
    </div>
  );
}

/** The programme's own audit trail (its calls keep theirs), oldest first, a page at a time: for coordinators. */
function ProgrammeAudit({ p }: { p: Programme }) {
  const [open, setOpen] = useState(false);
  const path = { programmeId: p.id };
  const first = useResource(() => (open ? api.GET('/api/programmes/{programmeId}/audit', { params: { path, query: { limit: 100 } } }) : Promise.resolve(undefined)), `${p.id}/audit/${open}`);
  const list = useLoadMore(first.data, (cursor) => api.GET('/api/programmes/{programmeId}/audit', { params: { path, query: { limit: 100, cursor } } }));
  return (
    <section class="panel section" aria-labelledby="programme-audit-heading">
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h2 id="programme-audit-heading">
            {t('programme.audit')}
          </h2>
        </summary>
        {first.loading && open && !first.data && <Loading />}
        {first.error !== undefined && <LoadError error={first.error} />}
        {list.items.length > 0 && (
          <DataTable columns={[t('programme.col.when'), t('programme.col.who'), t('programme.col.what')]} caption={t('programme.auditCaption')} hideCaption>
            {list.items.map((e) => (
              <tr key={e.id}>
                <td>{formatLocal(e.at)}</td>
                <td class="break">{e.actor.email}</td>
                <td>{actionLabel(e.action, e.target)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <LoadMore list={list} label={t('programme.laterEntries')} />
      </details>
    </section>
  );
}
