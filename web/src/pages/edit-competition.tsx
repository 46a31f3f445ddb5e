import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, enc, type FieldErrors } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { RubricEditor, toCriterionRows, type CriterionRow } from '../components/rubric-editor.tsx';
import { QuestionEditor, toQuestionInput, toQuestionRows, type QuestionRow } from '../components/question-editor.tsx';
import type { Question } from '../../../functions/shared/questions.ts';
import { AddRowButton, Checkbox, ErrorSummary, Field, fieldId, GroupError, humanPath, LoadError, Loading, TagsField, TextArea, TextField } from '../components/ui.tsx';
import { DateInput } from '../components/date-input.tsx';
import { setFlash } from '../flash.ts';
import { browserTimeZone, splitList, timeZones, toWallClock } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import {
  DEFAULT_PITCH_POLICY,
  KINDS,
  PITCH_FORMATS,
  type Competition,
  type CompetitionInput,
  type Kind,
  type PitchFormat,
  type PitchPolicy,
  type Schedule,
} from '../types.ts';
import { allows } from '../capabilities.ts';
import { t, type MessageKey } from '../i18n.ts';

const SIZE_UNITS = { MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;
type SizeUnit = keyof typeof SIZE_UNITS;

/** The pitch rules as the form edits them: duration in minutes + seconds, size in MiB or GiB. */
interface PitchForm {
  required: boolean;
  minutes: string;
  seconds: string;
  size: string;
  unit: SizeUnit;
  formats: PitchFormat[];
  /** Issue 14: videos not every browser plays (HEVC …). */
  unplayable: NonNullable<PitchPolicy['unplayable']>;
}

function toPitchForm(p: PitchPolicy): PitchForm {
  const unit: SizeUnit = p.maxSizeBytes % SIZE_UNITS.GiB === 0 ? 'GiB' : 'MiB';
  return {
    required: p.required,
    minutes: String(Math.floor(p.maxDurationSeconds / 60)),
    seconds: String(p.maxDurationSeconds % 60),
    size: String(+(p.maxSizeBytes / SIZE_UNITS[unit]).toFixed(2)),
    unit,
    formats: [...p.formats],
    unplayable: p.unplayable ?? 'reject',
  };
}

function toPitchPolicy(f: PitchForm): PitchPolicy {
  const minutes = f.minutes.trim() === '' ? 0 : Number(f.minutes);
  const seconds = f.seconds.trim() === '' ? 0 : Number(f.seconds);
  return {
    required: f.required,
    maxDurationSeconds: Math.round(minutes * 60 + seconds),
    maxSizeBytes: Math.round(Number(f.size) * SIZE_UNITS[f.unit]),
    // In the order the server lists them, whatever order they were ticked in.
    formats: PITCH_FORMATS.map((x) => x.value).filter((v) => f.formats.includes(v)),
    unplayable: f.unplayable,
  };
}

const SCHEDULE_FIELDS: [Exclude<keyof Schedule, 'timeZone'>, MessageKey][] = [
  ['submissionsOpen', 'editCompetition.schedule.submissionsOpen'],
  ['submissionsClose', 'editCompetition.schedule.submissionsClose'],
  ['evaluationStart', 'editCompetition.schedule.evaluationStart'],
  ['evaluationEnd', 'editCompetition.schedule.evaluationEnd'],
  ['resultsDate', 'editCompetition.schedule.resultsDate'],
];

interface FormState {
  title: string;
  description: string;
  kind: Kind;
  sectors: string;
  countries: string;
  smeOnly: boolean;
  schedule: Schedule;
  rubric: CriterionRow[];
  questions: QuestionRow[];
  /** Issue 14 §3: answer files are scanned for malware before anyone but the uploader opens them. */
  malwareScan: boolean;
  pitch: PitchForm;
}

let nextKey = 1;

function emptyForm(): FormState {
  return {
    title: '',
    description: '',
    kind: 'idea',
    sectors: '',
    countries: '',
    smeOnly: true,
    schedule: {
      timeZone: browserTimeZone(),
      submissionsOpen: '',
      submissionsClose: '',
      evaluationStart: '',
      evaluationEnd: '',
      resultsDate: '',
    },
    rubric: [],
    questions: [],
    malwareScan: false,
    pitch: toPitchForm(DEFAULT_PITCH_POLICY),
  };
}

function fromCompetition(c: Competition): FormState {
  const tz = c.schedule.timeZone;
  return {
    title: c.title,
    description: c.description,
    kind: c.kind,
    sectors: c.sectors.join(', '),
    countries: c.eligibility.countries.join(', '),
    smeOnly: c.eligibility.smeOnly,
    schedule: {
      timeZone: tz,
      submissionsOpen: toWallClock(c.schedule.submissionsOpen, tz),
      submissionsClose: toWallClock(c.schedule.submissionsClose, tz),
      evaluationStart: toWallClock(c.schedule.evaluationStart, tz),
      evaluationEnd: toWallClock(c.schedule.evaluationEnd, tz),
      resultsDate: toWallClock(c.schedule.resultsDate, tz),
    },
    rubric: toCriterionRows(c.rubric),
    questions: toQuestionRows(c.questions as unknown as Question[]),
    malwareScan: c.malwareScan === true,
    pitch: toPitchForm(c.pitch),
  };
}

/**
 * The problems the form can see before the server does — empty required fields ("Required.",
 * not the date format's hint), a rubric before publishing — so that one press of Save reports
 * them together with the server's (which stops at the first of its checks that fails).
 */
function formProblems(f: FormState, publish: boolean): FieldErrors {
  const e: FieldErrors = {};
  const required = t('editCompetition.required');
  if (!f.title.trim()) e.title = required;
  for (const [k] of SCHEDULE_FIELDS) if (!f.schedule[k]) e[`schedule.${k}`] = required;
  f.rubric.forEach((r, i) => {
    if (!r.name.trim()) e[`rubric.${i}.name`] = required;
  });
  f.questions.forEach((q, i) => {
    if (!q.label.trim()) e[`questions.${i}.label`] = required;
  });
  if (publish && f.rubric.length === 0) e.rubric = t('editCompetition.rubricNeeded');
  return e;
}

/** The form's sections top to bottom, so the summary lists problems in the order the fields appear. */
const FORM_ORDER = ['title', 'description', 'kind', 'sectors', 'eligibility', 'schedule.timeZone', ...SCHEDULE_FIELDS.map(([k]) => `schedule.${k}`), 'schedule', 'rubric', 'questions', 'pitch'];

function inFormOrder(fields: FieldErrors): FieldErrors {
  const rank = (path: string) => {
    const i = FORM_ORDER.findIndex((p) => path === p || path.startsWith(`${p}.`));
    return i < 0 ? FORM_ORDER.length : i;
  };
  // Rows in their order ("rubric.2" after "rubric.10" would not do): compare the numbers as numbers.
  const parts = (path: string) => path.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const byRow = (a: string, b: string) => {
    const pa = parts(a);
    const pb = parts(b);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const x = pa[i]!;
      const y = pb[i]!;
      if (x === y) continue;
      return typeof x === 'number' && typeof y === 'number' ? x - y : 0;
    }
    return pa.length - pb.length;
  };
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b) || byRow(a, b)));
}

/** The form's own label for a field the API names by path ("questions.0.label" → "Question 1"). */
export function formLabel(path: string): string {
  const fixed: Record<string, MessageKey> = {
    title: 'editCompetition.about.title',
    description: 'editCompetition.about.description',
    kind: 'editCompetition.about.kind',
    sectors: 'editCompetition.about.sectors',
    eligibility: 'editCompetition.eligibility.legend',
    'eligibility.countries': 'editCompetition.eligibility.countries',
    'eligibility.smeOnly': 'editCompetition.eligibility.smeOnly',
    schedule: 'editCompetition.schedule.legend',
    'schedule.timeZone': 'editCompetition.schedule.timeZone',
    rubric: 'editCompetition.rubric.legend',
    questions: 'editCompetition.questions.legend',
    pitch: 'editCompetition.pitch.legend',
    'pitch.required': 'editCompetition.label.pitchRequired',
    'pitch.maxDurationSeconds': 'editCompetition.pitch.maxDuration',
    'pitch.maxSizeBytes': 'editCompetition.pitch.maxSize',
    'pitch.formats': 'editCompetition.pitch.formats',
    'pitch.unplayable': 'editCompetition.label.unplayable',
    ...Object.fromEntries(SCHEDULE_FIELDS.map(([k, label]) => [`schedule.${k}`, label])),
  };
  if (fixed[path]) return t(fixed[path]);
  const row = /^(rubric|questions|sectors|eligibility\.countries)\.(\d+)(?:\.(.+))?$/.exec(path);
  if (row) {
    const n = Number(row[2]) + 1;
    const part = row[3];
    if (row[1] === 'sectors') return t('editCompetition.label.sector', { n });
    if (row[1] === 'eligibility.countries') return t('editCompetition.label.country', { n });
    if (row[1] === 'questions') {
      const q: Record<string, MessageKey> = { help: 'editCompetition.label.questionHelp', maxLength: 'editCompetition.label.questionMaxLength', required: 'editCompetition.label.questionRequired' };
      if (!part || part === 'label') return t('editCompetition.label.question', { n });
      return q[part] ? t(q[part], { n }) : t('editCompetition.label.questionPart', { n, part });
    }
    const c: Record<string, MessageKey> = {
      name: 'editCompetition.label.criterionName',
      description: 'editCompetition.label.criterionDescription',
      weight: 'editCompetition.label.criterionWeight',
      'scale.min': 'editCompetition.label.criterionScaleMin',
      'scale.max': 'editCompetition.label.criterionScaleMax',
      scale: 'editCompetition.label.criterionScale',
    };
    if (!part) return t('editCompetition.label.criterion', { n });
    return c[part] ? t(c[part], { n }) : t('editCompetition.label.criterionPart', { n, part });
  }
  return humanPath(path);
}

/** The browser's zone, then Europe's (where most organisers are), then every other zone. */
export function zoneGroups(all: string[], browser: string): { likely: string[]; rest: string[] } {
  const europe = all.filter((z) => z.startsWith('Europe/'));
  const likely = [...new Set([browser, ...europe, 'UTC'])].filter((z) => all.includes(z) || z === browser);
  return { likely, rest: all.filter((z) => !likely.includes(z)) };
}

/** Empty number inputs are left out so the API's defaults apply. */
function num(s: string): number | undefined {
  return s.trim() === '' ? undefined : Number(s);
}

function toInput(f: FormState): CompetitionInput {
  return {
    title: f.title,
    description: f.description,
    kind: f.kind,
    sectors: splitList(f.sectors),
    eligibility: { countries: splitList(f.countries).map((c) => c.toUpperCase()), smeOnly: f.smeOnly },
    schedule: f.schedule,
    rubric: f.rubric.map((r) => {
      const min = num(r.min);
      const max = num(r.max);
      return {
        ...(r.id ? { id: r.id } : {}),
        name: r.name,
        description: r.description,
        weight: num(r.weight),
        scale: { min: min ?? 1, max: max ?? 5 },
      };
    }),
    questions: toQuestionInput(f.questions) as CompetitionInput['questions'],
    malwareScan: f.malwareScan,
    pitch: toPitchPolicy(f.pitch),
  };
}

export function EditCompetitionPage({ id }: { id?: string }) {
  return (
    <RequireSignIn what={t('editCompetition.signInWhat')}>
      {id ? <EditExisting id={id} /> : <NewCompetition />}
    </RequireSignIn>
  );
}

/** A new competition; `/competitions/new?programme=<id>` opens it as a call of that programme (H1). */
function NewCompetition() {
  const programmeId = useLocation().query.get('programme') ?? undefined;
  const programme = useResource(
    () => (programmeId ? api.GET('/api/programmes/{programmeId}', { params: { path: { programmeId } } }) : Promise.resolve(undefined)),
    programmeId ?? '',
  );
  if (programmeId && programme.loading && !programme.data) return <Loading />;
  if (programmeId && !programme.data) return <LoadError error={programme.error} />;
  return <CompetitionForm programme={programme.data} />;
}

function EditExisting({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }), id);
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  if (!allows(res.data, 'edit-competition')) return <LoadError error={new ApiError(403, 'FORBIDDEN', t('editCompetition.forbidden'))} />;
  return <CompetitionForm existing={res.data} />;
}

function CompetitionForm({ existing, programme }: { existing?: Competition; programme?: { id: string; name: string } }) {
  useTitle(existing ? t('editCompetition.titleEdit', { title: existing.title }) : programme ? t('editCompetition.newCall', { programme: programme.name }) : t('editCompetition.new'));
  const [form, setForm] = useState<FormState>(() => (existing ? fromCompetition(existing) : emptyForm()));
  const [saved, setSaved] = useState<Competition | undefined>(existing);
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return zoneGroups(all.includes(form.schedule.timeZone) ? all : [form.schedule.timeZone, ...all], browserTimeZone());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [dialog, ask] = useConfirm();
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const isDraft = !saved || saved.status === 'draft';

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setPitch = (patch: Partial<PitchForm>) => setForm((f) => ({ ...f, pitch: { ...f.pitch, ...patch } }));
  const setSchedule = (k: keyof Schedule, v: string) => setForm((f) => ({ ...f, schedule: { ...f.schedule, [k]: v } }));

  async function save(publish: boolean) {
    if (
      publish &&
      !(await ask({
        title: form.title.trim() ? t('editCompetition.publish.title', { title: form.title.trim() }) : t('editCompetition.publish.titleUntitled'),
        body: [t('editCompetition.publish.public'), t('editCompetition.publish.final')],
        action: t('editCompetition.publish.action'),
      }))
    )
      return;
    setBusy(true);
    setError(undefined);
    const local = formProblems(form, publish);
    try {
      const body = toInput(form);
      let c = saved
        ? await api.PUT('/api/competitions/{competitionId}', { params: { path: { competitionId: saved.id } }, body: { ...body, version: saved.version } })
        : programme
          ? await api.POST('/api/programmes/{programmeId}/calls', { params: { path: { programmeId: programme.id } }, body })
          : await api.POST('/api/competitions', { body });
      setSaved(c);
      if (publish) c = await api.POST('/api/competitions/{competitionId}/publish', { params: { path: { competitionId: c.id } }, body: { version: c.version } });
      setFlash(publish ? t('editCompetition.published') : t('editCompetition.saved'));
      navigate(`/competitions/${enc(c.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, t('editCompetition.versionConflict')));
      else if (e instanceof ApiError && (Object.keys(e.fields).length > 0 || Object.keys(local).length > 0)) {
        // Every problem at once: the server's, and those it did not reach yet (it stops at the first stage that fails).
        const fields = inFormOrder({ ...e.fields, ...local });
        const n = Object.keys(fields).length;
        setError(new ApiError(e.status, e.code, t('editCompetition.problems', { n }), fields));
      } else setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section>
      <p class="breadcrumbs">
        {saved ? (
          <Link href={`/competitions/${enc(saved.id)}`}>{saved.title}</Link>
        ) : programme ? (
          <Link href={`/programmes/${enc(programme.id)}`}>{programme.name}</Link>
        ) : (
          <Link href="/me/competitions">{t('editCompetition.myCompetitions')}</Link>
        )}{' '}
        ›
      </p>
      <h1>{existing ? t('editCompetition.headingEdit') : programme ? t('editCompetition.newCall', { programme: programme.name }) : t('editCompetition.new')}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <ErrorSummary error={error} labels={Object.fromEntries(Object.keys(errors).map((k) => [k, formLabel(k)]))} />

        <fieldset>
          <legend>{t('editCompetition.about.legend')}</legend>
          <TextField path="title" label={t('editCompetition.about.title')} required value={form.title} onValue={(v) => set('title', v)} errors={errors} maxLength={120} />
          <TextArea path="description" label={t('editCompetition.about.description')} value={form.description} onValue={(v) => set('description', v)} errors={errors} rows={6} maxLength={10000} />
          <Field path="kind" label={t('editCompetition.about.kind')} errors={errors} required>
            {(a11y) => (
              <select {...a11y} value={form.kind} onChange={(e) => set('kind', e.currentTarget.value as Kind)}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TagsField path="sectors" label={t('editCompetition.about.sectors')} value={form.sectors} onValue={(v) => set('sectors', v)} errors={errors} hint={t('editCompetition.about.sectorsHint')} />
        </fieldset>

        <fieldset>
          <legend>{t('editCompetition.eligibility.legend')}</legend>
          <TagsField
            path="eligibility.countries"
            label={t('editCompetition.eligibility.countries')}
            value={form.countries}
            onValue={(v) => set('countries', v)}
            errors={errors}
            upper
            hint={t('editCompetition.eligibility.countriesHint')}
          />
          <Checkbox path="eligibility.smeOnly" label={t('editCompetition.eligibility.smeOnly')} checked={form.smeOnly} onChecked={(v) => set('smeOnly', v)} errors={errors} />
        </fieldset>

        <fieldset>
          <legend>{t('editCompetition.schedule.legend')}</legend>
          <GroupError path="schedule" errors={errors} />
          <Field path="schedule.timeZone" label={t('editCompetition.schedule.timeZone')} errors={errors} required hint={t('editCompetition.schedule.timeZoneHint')}>
            {(a11y) => (
              <select {...a11y} value={form.schedule.timeZone} onChange={(e) => setSchedule('timeZone', e.currentTarget.value)}>
                <optgroup label={t('editCompetition.schedule.likely')}>
                  {zones.likely.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t('editCompetition.schedule.allZones')}>
                  {zones.rest.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <div class="grid-auto grid-wide">
            {SCHEDULE_FIELDS.map(([k, label]) => (
              <Field key={k} path={`schedule.${k}`} label={t(label)} errors={errors} required>
                {(a11y) => (
                  <DateInput a11y={a11y} kind="dateTime" value={form.schedule[k]} onValue={(v) => setSchedule(k, v)} />
                )}
              </Field>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('editCompetition.rubric.legend')}</legend>
          <GroupError path="rubric" errors={errors} />
          {form.rubric.length === 0 && <p class="muted">{t('editCompetition.rubric.empty')}</p>}
          <RubricEditor rows={form.rubric} onChange={(update) => setForm((f) => ({ ...f, rubric: update(f.rubric) }))} errors={errors} reorderable />
        </fieldset>

        <fieldset>
          <legend>{t('editCompetition.questions.legend')}</legend>
          <GroupError path="questions" errors={errors} />
          <QuestionEditor rows={form.questions} onChange={(update) => setForm((f) => ({ ...f, questions: update(f.questions) }))} errors={errors} />
          <Checkbox
            path="malwareScan"
            label={t('editCompetition.questions.malwareScan')}
            checked={form.malwareScan}
            onChecked={(v) => set('malwareScan', v)}
            errors={errors}
          />
        </fieldset>

        <fieldset>
          <legend>{t('editCompetition.pitch.legend')}</legend>
          <GroupError path="pitch" errors={errors} />
          <p class="muted">{t('editCompetition.pitch.intro')}</p>
          <Checkbox
            path="pitch.required"
            label={t('editCompetition.pitch.required')}
            checked={form.pitch.required}
            onChecked={(v) => setPitch({ required: v })}
            errors={errors}
          />
          <div class="grid-auto grid-wide">
            <div
              class={`field ${errors['pitch.maxDurationSeconds'] ? 'field-invalid' : ''}`}
              role="group"
              aria-labelledby="pitch-duration-label"
              aria-describedby={`pitch-duration-hint${errors['pitch.maxDurationSeconds'] ? ` ${fieldId('pitch.maxDurationSeconds')}-error` : ''}`}
            >
              <span class="group-label" id="pitch-duration-label">
                {t('editCompetition.pitch.maxDuration')}
              </span>
              <div class="hint" id="pitch-duration-hint">
                {t('editCompetition.pitch.maxDurationHint')}
              </div>
              <div class="inline-inputs">
                <label class="inline-input">
                  <input
                    type="number"
                    id={fieldId('pitch.maxDurationSeconds')}
                    min={0}
                    max={60}
                    step={1}
                    inputMode="numeric"
                    value={form.pitch.minutes}
                    aria-invalid={errors['pitch.maxDurationSeconds'] ? true : undefined}
                    onInput={(e) => setPitch({ minutes: e.currentTarget.value })}
                  />
                  <span>{t('editCompetition.pitch.minutes')}</span>
                </label>
                <label class="inline-input">
                  <input
                    type="number"
                    min={0}
                    max={59}
                    step={1}
                    inputMode="numeric"
                    value={form.pitch.seconds}
                    aria-invalid={errors['pitch.maxDurationSeconds'] ? true : undefined}
                    onInput={(e) => setPitch({ seconds: e.currentTarget.value })}
                  />
                  <span>{t('editCompetition.pitch.seconds')}</span>
                </label>
              </div>
              {errors['pitch.maxDurationSeconds'] && (
                <div class="field-error" id={`${fieldId('pitch.maxDurationSeconds')}-error`}>
                  {errors['pitch.maxDurationSeconds']}
                </div>
              )}
            </div>
            <Field path="pitch.maxSizeBytes" label={t('editCompetition.pitch.maxSize')} errors={errors} hint={t('editCompetition.pitch.maxSizeHint')}>
              {(a11y) => (
                <div class="inline-inputs">
                  <input
                    type="number"
                    {...a11y}
                    min={0}
                    step="any"
                    inputMode="decimal"
                    value={form.pitch.size}
                    onInput={(e) => setPitch({ size: e.currentTarget.value })}
                  />
                  <select
                    aria-label={t('editCompetition.pitch.sizeUnit')}
                    class="unit-select"
                    value={form.pitch.unit}
                    onChange={(e) => setPitch({ unit: e.currentTarget.value as SizeUnit })}
                  >
                    <option value="MiB">MiB</option>
                    <option value="GiB">GiB</option>
                  </select>
                </div>
              )}
            </Field>
          </div>
          <div
            class={`field ${errors['pitch.formats'] ? 'field-invalid' : ''}`}
            role="group"
            aria-labelledby="pitch-formats-label"
            aria-describedby={errors['pitch.formats'] ? `${fieldId('pitch.formats')}-error` : undefined}
            id={fieldId('pitch.formats')}
            tabIndex={-1}
          >
            <span class="group-label" id="pitch-formats-label">
              {t('editCompetition.pitch.formats')}
            </span>
            <div class="check-row">
              {PITCH_FORMATS.map((f) => (
                <Checkbox
                  key={f.value}
                  path={`pitch.formats.${f.value}`}
                  label={f.label}
                  checked={form.pitch.formats.includes(f.value)}
                  onChecked={(on) =>
                    setPitch({ formats: on ? [...form.pitch.formats, f.value] : form.pitch.formats.filter((x) => x !== f.value) })
                  }
                />
              ))}
            </div>
            {errors['pitch.formats'] && (
              <div class="field-error" id={`${fieldId('pitch.formats')}-error`}>
                {errors['pitch.formats']}
              </div>
            )}
          </div>
          <Field
            path="pitch.unplayable"
            label={t('editCompetition.pitch.unplayable')}
            errors={errors}
            hint={t('editCompetition.pitch.unplayableHint')}
          >
            {(a11y) => (
              <select {...a11y} value={form.pitch.unplayable} onChange={(e) => setPitch({ unplayable: e.currentTarget.value as PitchForm['unplayable'] })}>
                <option value="reject">{t('editCompetition.pitch.reject')}</option>
                <option value="warn">{t('editCompetition.pitch.warn')}</option>
                <option value="transcode">{t('editCompetition.pitch.transcode')}</option>
              </select>
            )}
          </Field>
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : isDraft ? t('editCompetition.saveDraft') : t('editCompetition.saveChanges')}
          </button>
          {isDraft && (
            <button type="button" class="btn btn-success" disabled={busy} onClick={() => void save(true)}>
              {t('editCompetition.publish.action')}
            </button>
          )}
          <Link href={saved ? `/competitions/${enc(saved.id)}` : '/me/competitions'} class="btn btn-ghost">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
      {dialog}
    </section>
  );
}
