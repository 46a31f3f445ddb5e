import { useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { Checkbox, ErrorSummary, fieldId, LoadError, Loading, Notice, TextField } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, phaseLabel, resultsVisible } from '../lifecycle.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import type { Competition, Registration, TeamMember } from '../types.ts';
import { localised } from '../content.ts';
import { t, tx } from '../i18n.ts';

/** The registration as the form fills it in: every field, team roles included. */
type RegistrationForm = Omit<Registration, 'competitionId' | 'registeredAt' | 'privacy'>;
/** The competition's purposes added to the privacy notice, accepted with it at registration (issue 14). */
type Privacy = ApiAnswer<'/api/competitions/{competitionId}/privacy', 'get'>;

export function RegisterPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('register.signInWhat')}>
      <RegisterLoader id={id} />
    </RequireSignIn>
  );
}

function RegisterLoader({ id }: { id: string }) {
  const res = useResource(async () => {
    const path = { competitionId: id };
    const [competition, privacy] = await Promise.all([api.GET('/api/competitions/{competitionId}', { params: { path } }).then(localised), api.GET('/api/competitions/{competitionId}/privacy', { params: { path } })]);
    const registration = await api.GET('/api/competitions/{competitionId}/registration', { params: { path } }).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    });
    return { competition, registration, privacy };
  }, id);
  useTitle(res.data ? t('register.title', { title: res.data.competition.title }) : t('register.titleShort'));
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, registration, privacy } = res.data;
  if (registration) return <Registered c={c} r={registration} />;
  if (!canRegister(c.phase)) return <RegistrationClosed c={c} />;
  return <RegisterForm c={c} privacy={privacy} />;
}

/** No form where the server would refuse it: after submissions close, and once results are decided. */
function RegistrationClosed({ c }: { c: Competition }) {
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <h1>{t('register.title', { title: c.title })}</h1>
      <Notice kind="warning">
        {t('register.closed', { at: formatInZone(c.closesAt, c.schedule.timeZone) })}
        {c.phase === 'closed' ? '' : ` ${phaseLabel(c.phase)}.`}
      </Notice>
      {resultsVisible(c.phase) && (
        <Link href={`/competitions/${enc(c.id)}/results`} class="btn btn-primary">
          {t('register.seeResults')}
        </Link>
      )}
    </section>
  );
}

function Registered({ c, r }: { c: Competition; r: Registration }) {
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <h1>{t('register.yours.heading')}</h1>
      <Notice kind="success">
        {t('register.yours.registered', { organisation: r.organisationName, since: formatLocal(r.registeredAt) })}
      </Notice>
      <dl class="details">
        <dt>{t('register.country')}</dt>
        <dd>{r.country}</dd>
        <dt>{t('register.registryId')}</dt>
        <dd>{r.registryId}</dd>
        <dt>{t('register.yours.smeDeclaration')}</dt>
        <dd>{r.smeDeclaration ? t('register.yours.smeDeclared') : t('register.yours.smeNotDeclared')}</dd>
        <dt>{t('register.team')}</dt>
        <dd>
          <ul class="plain">
            {r.team.map((m, i) => (
              <li key={i}>
                {m.name} &lt;{m.email}&gt;{m.role ? ` — ${m.role}` : ''}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {c.phase === 'open' && (
        <Link href={`/competitions/${enc(c.id)}/submission`} class="btn btn-primary">
          {t('register.yours.goToSubmission')}
        </Link>
      )}
    </section>
  );
}

function RegisterForm({ c, privacy }: { c: Competition; privacy: Privacy }) {
  const { claims } = useSession();
  const [consent, setConsent] = useState(false);
  const [form, setForm] = useState<RegistrationForm>({
    organisationName: '',
    country: c.eligibility.countries.length === 1 ? c.eligibility.countries[0]! : '',
    registryId: '',
    smeDeclaration: false,
    team: [{ name: claims?.name ?? '', email: claims?.email ?? '', role: '' }],
  });
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const set = <K extends keyof RegistrationForm>(k: K, v: RegistrationForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setMember = (i: number, patch: Partial<TeamMember>) =>
    setForm((f) => ({ ...f, team: f.team.map((m, j) => (j === i ? { ...m, ...patch } : m)) }));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.POST('/api/competitions/{competitionId}/registration', {
        params: { path: { competitionId: c.id } },
        // Unticked, no consent is sent: the API refuses with CONSENT_REQUIRED and the box shows why.
        body: { ...form, country: form.country.trim().toUpperCase(), ...(consent ? { privacy: { noticeVersion: privacy.noticeVersion, purposesVersion: privacy.purposesVersion } } : {}) },
      });
      setFlash(t('register.done'));
      navigate(c.phase === 'open' ? `/competitions/${enc(c.id)}/submission` : `/competitions/${enc(c.id)}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  }

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <h1>{t('register.title', { title: c.title })}</h1>
      <p class="lead">
        {c.eligibility.countries.length ? `${t('register.lead.countries', { countries: c.eligibility.countries.join(', ') })} ` : ''}
        {c.eligibility.smeOnly ? t('register.lead.smeOnly') : ''}
      </p>
      <form class="form" noValidate onSubmit={submit}>
        <ErrorSummary error={error} />
        <fieldset>
          <legend>{t('register.organisation')}</legend>
          <TextField path="organisationName" label={t('register.organisationName')} required autoComplete="organization" value={form.organisationName} onValue={(v) => set('organisationName', v)} errors={errors} maxLength={200} />
          <div class="grid-auto">
            <TextField path="country" label={t('register.country')} required hint={t('register.countryHint')} value={form.country} onValue={(v) => set('country', v.toUpperCase())} errors={errors} maxLength={2} autoComplete="country" />
            <TextField path="registryId" label={t('register.registryId')} required hint={t('register.registryIdHint')} value={form.registryId} onValue={(v) => set('registryId', v)} errors={errors} maxLength={40} />
          </div>
          <Checkbox
            path="smeDeclaration"
            label={t('register.smeDeclaration')}
            checked={form.smeDeclaration}
            onChecked={(v) => set('smeDeclaration', v)}
            errors={errors}
          />
        </fieldset>
        <fieldset>
          <legend>{t('register.team')}</legend>
          {errors.team && (
            <div class="field-error" id={fieldId('team')}>
              {errors.team}
            </div>
          )}
          {form.team.map((m, i) => (
            <fieldset class="row-editor" key={i}>
              <legend>{t('register.member.legend', { n: i + 1 })}</legend>
              <div class="grid-auto">
                <TextField path={`team.${i}.name`} label={t('register.member.name')} required value={m.name} onValue={(v) => setMember(i, { name: v })} errors={errors} maxLength={120} autoComplete={i === 0 ? 'name' : 'off'} />
                <TextField path={`team.${i}.email`} label={t('register.member.email')} type="email" required value={m.email} onValue={(v) => setMember(i, { email: v })} errors={errors} maxLength={254} autoComplete={i === 0 ? 'email' : 'off'} />
                <TextField path={`team.${i}.role`} label={t('register.member.role')} value={m.role} onValue={(v) => setMember(i, { role: v })} errors={errors} maxLength={80} />
              </div>
              {form.team.length > 1 && (
                <div class="row-actions">
                  <button type="button" class="btn btn-small btn-danger-ghost" aria-label={t('register.member.removeLabel', { n: i + 1 })} onClick={() => set('team', form.team.filter((_, j) => j !== i))}>
                    {t('register.member.remove')}
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          <button type="button" class="btn" disabled={form.team.length >= 10} onClick={() => set('team', [...form.team, { name: '', email: '', role: '' }])}>
            {t('register.member.add')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('register.privacy.legend')}</legend>
          <p>
            {tx('register.privacy.retention', {
              othersYears: privacy.retention.othersYears,
              awardedYears: privacy.retention.awardedYears,
              link: (chunks) => (
                <a href="/privacy" target="_blank" rel="noopener">
                  {chunks}
                </a>
              ),
            })}
          </p>
          {privacy.purposes.length > 0 && (
            <>
              <p>{t('register.privacy.purposes')}</p>
              <ul>
                {privacy.purposes.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </>
          )}
          <Checkbox
            path="privacy.noticeVersion"
            label={privacy.purposes.length ? t('register.privacy.consentWithPurposes', { version: privacy.noticeVersion }) : t('register.privacy.consent', { version: privacy.noticeVersion })}
            checked={consent}
            onChecked={setConsent}
            errors={errors}
          />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('register.submitting') : t('register.submit')}
          </button>
          <Link href={`/competitions/${enc(c.id)}`} class="btn btn-ghost">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
