import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, enc, type FieldErrors } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { RubricEditor, toCriterionRows, type CriterionRow } from '../components/rubric-editor.tsx';
import { AddRowButton, Checkbox, ErrorSummary, Field, fieldId, GroupError, humanPath, LoadError, Loading, TagsField, TextArea, TextField } from '../components/ui.tsx';
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

const SCHEDULE_FIELDS: [Exclude<keyof Schedule, 'timeZone'>, string][] = [
  ['submissionsOpen', 'Submissions open'],
  ['submissionsClose', 'Submissions close'],
  ['evaluationStart', 'Evaluation starts'],
  ['evaluationEnd', 'Evaluation ends'],
  ['resultsDate', 'Results announced'],
];

interface QuestionRow {
  key: number;
  id?: string;
  label: string;
  help: string;
  required: boolean;
  maxLength: string;
}

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
    questions: c.questions.map((q) => ({
      key: nextKey++,
      id: q.id,
      label: q.label,
      help: q.help,
      required: q.required,
      maxLength: String(q.maxLength),
    })),
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
  if (!f.title.trim()) e.title = 'Required.';
  for (const [k] of SCHEDULE_FIELDS) if (!f.schedule[k]) e[`schedule.${k}`] = 'Required.';
  f.rubric.forEach((r, i) => {
    if (!r.name.trim()) e[`rubric.${i}.name`] = 'Required.';
  });
  f.questions.forEach((q, i) => {
    if (!q.label.trim()) e[`questions.${i}.label`] = 'Required.';
  });
  if (publish && f.rubric.length === 0) e.rubric = 'Add at least one criterion before publishing.';
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

const ORDINAL = (n: number) => ['1st', '2nd', '3rd'][n - 1] ?? `${n}th`;

/** The form's own label for a field the API names by path ("questions.0.label" → "Question 1"). */
export function formLabel(path: string): string {
  const fixed: Record<string, string> = {
    title: 'Title',
    description: 'Description',
    kind: 'Kind',
    sectors: 'Sectors',
    eligibility: 'Eligibility',
    'eligibility.countries': 'Countries',
    'eligibility.smeOnly': 'SMEs only',
    schedule: 'Schedule',
    'schedule.timeZone': 'Time zone',
    rubric: 'Evaluation rubric',
    questions: 'Questions for applicants',
    pitch: 'Video pitch',
    'pitch.required': 'Entrants must attach a video pitch',
    'pitch.maxDurationSeconds': 'Maximum duration',
    'pitch.maxSizeBytes': 'Maximum size',
    'pitch.formats': 'Allowed formats',
    'pitch.unplayable': 'Videos that not every browser plays',
    ...Object.fromEntries(SCHEDULE_FIELDS.map(([k, label]) => [`schedule.${k}`, label])),
  };
  if (fixed[path]) return fixed[path];
  const row = /^(rubric|questions|sectors|eligibility\.countries)\.(\d+)(?:\.(.+))?$/.exec(path);
  if (row) {
    const n = Number(row[2]) + 1;
    const part = row[3];
    if (row[1] === 'sectors') return `Sector ${n}`;
    if (row[1] === 'eligibility.countries') return `Countries › ${ORDINAL(n)} country`;
    if (row[1] === 'questions') {
      const q: Record<string, string> = { label: '', help: ' › help text', maxLength: ' › maximum length', required: ' › answer required' };
      return `Question ${n}${part ? (q[part] ?? ` › ${part}`) : ''}`;
    }
    const c: Record<string, string> = { name: ' › name', description: ' › description', weight: ' › weight', 'scale.min': ' › scale min', 'scale.max': ' › scale max', scale: ' › scale' };
    return `Criterion ${n}${part ? (c[part] ?? ` › ${part}`) : ''}`;
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
    questions: f.questions.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      label: q.label,
      help: q.help,
      required: q.required,
      maxLength: num(q.maxLength),
    })),
    pitch: toPitchPolicy(f.pitch),
  };
}

export function EditCompetitionPage({ id }: { id?: string }) {
  return (
    <RequireSignIn what="the competition editor">
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
  if (!allows(res.data, 'edit-competition')) return <LoadError error={new ApiError(403, 'FORBIDDEN', 'Forbidden')} />;
  return <CompetitionForm existing={res.data} />;
}

function CompetitionForm({ existing, programme }: { existing?: Competition; programme?: { id: string; name: string } }) {
  useTitle(existing ? `Edit ${existing.title}` : programme ? `New call in ${programme.name}` : 'New competition');
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
  const setQuestion = (key: number, patch: Partial<QuestionRow>) =>
    setForm((f) => ({ ...f, questions: f.questions.map((q) => (q.key === key ? { ...q, ...patch } : q)) }));
  const removeQuestion = (key: number) => setForm((f) => ({ ...f, questions: f.questions.filter((q) => q.key !== key) }));

  async function save(publish: boolean) {
    if (
      publish &&
      !(await ask({
        title: `Publish “${form.title.trim() || 'this competition'}”?`,
        body: [
          'It becomes public: anyone can read it, and entrants can register and submit from the opening date.',
          'Once published it cannot go back to a draft, and the questions for applicants are fixed once submissions open.',
        ],
        action: 'Publish',
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
      setFlash(publish ? 'Published — the competition is now public.' : 'Saved.');
      navigate(`/competitions/${enc(c.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, 'Someone else changed this competition since you opened it. Reload the page to get the latest version (your edits here will be lost).'));
      else if (e instanceof ApiError && (Object.keys(e.fields).length > 0 || Object.keys(local).length > 0)) {
        // Every problem at once: the server's, and those it did not reach yet (it stops at the first stage that fails).
        const fields = inFormOrder({ ...e.fields, ...local });
        const n = Object.keys(fields).length;
        setError(new ApiError(e.status, e.code, n === 1 ? 'One thing needs attention before this can be saved.' : `${n} things need attention before this can be saved.`, fields));
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
          <Link href="/me/competitions">My competitions</Link>
        )}{' '}
        ›
      </p>
      <h1>{existing ? 'Edit competition' : programme ? `New call in ${programme.name}` : 'New competition'}</h1>
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
          <legend>About</legend>
          <TextField path="title" label="Title" required value={form.title} onValue={(v) => set('title', v)} errors={errors} maxLength={120} />
          <TextArea path="description" label="Description" value={form.description} onValue={(v) => set('description', v)} errors={errors} rows={6} maxLength={10000} />
          <Field path="kind" label="Kind" errors={errors} required>
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
          <TagsField path="sectors" label="Sectors" value={form.sectors} onValue={(v) => set('sectors', v)} errors={errors} hint="Separate with commas, e.g. Health, Energy." />
        </fieldset>

        <fieldset>
          <legend>Eligibility</legend>
          <TagsField
            path="eligibility.countries"
            label="Countries"
            value={form.countries}
            onValue={(v) => set('countries', v)}
            errors={errors}
            upper
            hint="Two-letter codes separated by commas, e.g. BE, NL. Leave empty for any country."
          />
          <Checkbox path="eligibility.smeOnly" label="SMEs only" checked={form.smeOnly} onChecked={(v) => set('smeOnly', v)} errors={errors} />
        </fieldset>

        <fieldset>
          <legend>Schedule</legend>
          <GroupError path="schedule" errors={errors} />
          <Field path="schedule.timeZone" label="Time zone" errors={errors} required hint="All dates below are in this time zone.">
            {(a11y) => (
              <select {...a11y} value={form.schedule.timeZone} onChange={(e) => setSchedule('timeZone', e.currentTarget.value)}>
                <optgroup label="Likely">
                  {zones.likely.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="All time zones">
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
              <Field key={k} path={`schedule.${k}`} label={label} errors={errors} required>
                {(a11y) => (
                  <input type="datetime-local" {...a11y} value={form.schedule[k]} onInput={(e) => setSchedule(k, e.currentTarget.value)} />
                )}
              </Field>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>Evaluation rubric</legend>
          <GroupError path="rubric" errors={errors} />
          {form.rubric.length === 0 && <p class="muted">No criteria yet. Reviewers score each criterion on its scale; weights set its share of the total.</p>}
          <RubricEditor rows={form.rubric} onChange={(update) => setForm((f) => ({ ...f, rubric: update(f.rubric) }))} errors={errors} reorderable />
        </fieldset>

        <fieldset>
          <legend>Questions for applicants</legend>
          <GroupError path="questions" errors={errors} />
          {form.questions.length === 0 && <p class="muted">No extra questions. Every submission has a title, summary, problem and solution.</p>}
          {form.questions.map((q, i) => (
            <fieldset class="row-editor" key={q.key}>
              <legend>Question {i + 1}</legend>
              <TextField path={`questions.${i}.label`} label="Question" required value={q.label} onValue={(v) => setQuestion(q.key, { label: v })} errors={errors} maxLength={300} />
              <TextField path={`questions.${i}.help`} label="Help text" value={q.help} onValue={(v) => setQuestion(q.key, { help: v })} errors={errors} />
              <div class="grid-auto">
                <TextField path={`questions.${i}.maxLength`} label="Maximum length (characters)" type="number" min={1} max={5000} step={1} value={q.maxLength} onValue={(v) => setQuestion(q.key, { maxLength: v })} errors={errors} inputMode="numeric" />
                <Checkbox path={`questions.${i}.required`} label="Answer required" checked={q.required} onChecked={(v) => setQuestion(q.key, { required: v })} errors={errors} />
              </div>
              <div class="row-actions">
                <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => removeQuestion(q.key)} aria-label={`Remove question ${i + 1}`}>
                  Remove
                </button>
              </div>
            </fieldset>
          ))}
          <AddRowButton
            label="Add question"
            disabled={form.questions.length >= 10}
            onAdd={() => set('questions', [...form.questions, { key: nextKey++, label: '', help: '', required: false, maxLength: '2000' }])}
            focusPath={`questions.${form.questions.length}.label`}
          />
        </fieldset>

        <fieldset>
          <legend>Video pitch</legend>
          <GroupError path="pitch" errors={errors} />
          <p class="muted">Entrants upload a short video with their submission; Podium checks its real length, size and format.</p>
          <Checkbox
            path="pitch.required"
            label="Entrants must attach a video pitch before they can submit"
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
                Maximum duration
              </span>
              <div class="hint" id="pitch-duration-hint">
                From 10 seconds to 60 minutes.
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
                  <span>Minutes</span>
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
                  <span>Seconds</span>
                </label>
              </div>
              {errors['pitch.maxDurationSeconds'] && (
                <div class="field-error" id={`${fieldId('pitch.maxDurationSeconds')}-error`}>
                  {errors['pitch.maxDurationSeconds']}
                </div>
              )}
            </div>
            <Field path="pitch.maxSizeBytes" label="Maximum size" errors={errors} hint="From 1 MiB to 5 GiB.">
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
                    aria-label="Size unit"
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
              Allowed formats
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
            label="Videos that not every browser plays (e.g. HEVC from an iPhone)"
            errors={errors}
            hint="Refused videos come with a sentence telling the team how to export one that plays. Conversion needs MediaConvert, on AWS only; where it is not set up, such videos are refused."
          >
            {(a11y) => (
              <select {...a11y} value={form.pitch.unplayable} onChange={(e) => setPitch({ unplayable: e.currentTarget.value as PitchForm['unplayable'] })}>
                <option value="reject">Refuse them, with how to export one that plays</option>
                <option value="warn">Accept them, with a warning to the team</option>
                <option value="transcode">Convert them to H.264 (AWS MediaConvert)</option>
              </select>
            )}
          </Field>
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : isDraft ? 'Save draft' : 'Save changes'}
          </button>
          {isDraft && (
            <button type="button" class="btn btn-success" disabled={busy} onClick={() => void save(true)}>
              Publish
            </button>
          )}
          <Link href={saved ? `/competitions/${enc(saved.id)}` : '/me/competitions'} class="btn btn-ghost">
            Cancel
          </Link>
        </div>
      </form>
      {dialog}
    </section>
  );
}
