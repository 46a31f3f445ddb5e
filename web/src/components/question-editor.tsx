/**
 * Issue 14 §3: the questions for applicants — per question a type picker and that type's settings
 * (limits, unit and bounds, options, accepted files), "required", and an optional condition on an
 * earlier question. Every control is a labelled native input (keyboard-usable as is).
 */
import { FILE_KINDS, QUESTION_LIMITS, QUESTION_TYPES, type FileKind, type Question, type QuestionType } from '../../../functions/shared/questions.ts';
import { t, type MessageKey } from '../i18n.ts';
import { fileKindLabel } from '../answer-files.ts';
import { AddRowButton, Checkbox, Field, GroupError, TextArea, TextField } from './ui.tsx';
import { DateInput } from './date-input.tsx';

type FieldErrors = Record<string, string>;

/** A question as the form edits it: numbers as typed, options one per line, a key that stays with the row. */
export interface QuestionRow {
  key: number;
  id: string;
  type: QuestionType;
  label: string;
  help: string;
  required: boolean;
  maxLength: string;
  maxWords: string;
  unit: string;
  min: string;
  max: string;
  integer: boolean;
  options: string;
  minSelections: string;
  maxSelections: string;
  kinds: FileKind[];
  maxMegabytes: string;
  /** The earlier question this one depends on ('' for always shown), and the answer that shows it. */
  showIfId: string;
  showIfValue: string;
}

/** The answer types in the reader's language (the domain's QUESTION_TYPE_LABELS are the English). */
const QUESTION_TYPE_WORDS: Record<QuestionType, MessageKey> = {
  shortText: 'questionEditor.type.shortText',
  longText: 'questionEditor.type.longText',
  number: 'questionEditor.type.number',
  singleChoice: 'questionEditor.type.singleChoice',
  multipleChoice: 'questionEditor.type.multipleChoice',
  yesNo: 'questionEditor.type.yesNo',
  date: 'questionEditor.type.date',
  file: 'questionEditor.type.file',
};


const MAX_QUESTIONS = 10;
let nextKey = 1;
const newId = () => `q-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function newQuestionRow(): QuestionRow {
  return { key: nextKey++, id: newId(), type: 'longText', label: '', help: '', required: false, maxLength: '2000', maxWords: '', unit: '', min: '', max: '', integer: false, options: '', minSelections: '0', maxSelections: '', kinds: ['pdf'], maxMegabytes: '10', showIfId: '', showIfValue: '' };
}

export function toQuestionRows(questions: readonly Question[]): QuestionRow[] {
  return questions.map((q) => {
    const row: QuestionRow = { ...newQuestionRow(), id: q.id, type: q.type ?? 'longText', label: q.label, help: q.help ?? '', required: q.required };
    if (q.type === 'shortText' || q.type === 'longText' || q.type === undefined) row.maxLength = String((q as { maxLength?: number }).maxLength ?? 2000);
    if (q.type === 'longText' && q.maxWords) row.maxWords = String(q.maxWords);
    if (q.type === 'number') Object.assign(row, { unit: q.unit, min: q.min === undefined ? '' : String(q.min), max: q.max === undefined ? '' : String(q.max), integer: q.integer });
    if (q.type === 'date') Object.assign(row, { min: q.min ?? '', max: q.max ?? '' });
    if (q.type === 'singleChoice' || q.type === 'multipleChoice') row.options = q.options.join('\n');
    if (q.type === 'multipleChoice') Object.assign(row, { minSelections: String(q.minSelections), maxSelections: q.maxSelections === undefined ? '' : String(q.maxSelections) });
    if (q.type === 'file') Object.assign(row, { kinds: q.kinds, maxMegabytes: String(Math.round((q.maxBytes / (1024 * 1024)) * 100) / 100) });
    if (q.showIf) Object.assign(row, { showIfId: q.showIf.questionId, showIfValue: String(q.showIf.includes ?? q.showIf.equals) });
    return row;
  });
}

const num = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s));
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** What the API takes for the rows (the server checks every rule again). */
export function toQuestionInput(rows: QuestionRow[]): unknown[] {
  return rows.map((r, i) => {
    const base = { id: r.id, type: r.type, label: r.label, help: r.help, required: r.required, ...showIfOf(r, rows.slice(0, i)) };
    switch (r.type) {
      case 'shortText':
        return { ...base, maxLength: num(r.maxLength) };
      case 'longText':
        return { ...base, maxLength: num(r.maxLength), ...(num(r.maxWords) ? { maxWords: num(r.maxWords) } : {}) };
      case 'number':
        return { ...base, unit: r.unit, integer: r.integer, ...(num(r.min) !== undefined ? { min: num(r.min) } : {}), ...(num(r.max) !== undefined ? { max: num(r.max) } : {}) };
      case 'singleChoice':
        return { ...base, options: lines(r.options) };
      case 'multipleChoice':
        return { ...base, options: lines(r.options), minSelections: num(r.minSelections) ?? 0, ...(num(r.maxSelections) ? { maxSelections: num(r.maxSelections) } : {}) };
      case 'yesNo':
        return base;
      case 'date':
        return { ...base, ...(r.min ? { min: r.min } : {}), ...(r.max ? { max: r.max } : {}) };
      case 'file':
        return { ...base, kinds: r.kinds, maxBytes: Math.round((num(r.maxMegabytes) ?? 10) * 1024 * 1024) };
    }
  });
}

function showIfOf(r: QuestionRow, earlier: QuestionRow[]) {
  const on = earlier.find((e) => e.id === r.showIfId);
  if (!on || r.showIfValue === '') return {};
  if (on.type === 'multipleChoice') return { showIf: { questionId: on.id, includes: r.showIfValue } };
  if (on.type === 'yesNo') return { showIf: { questionId: on.id, equals: r.showIfValue === 'true' } };
  if (on.type === 'number') return { showIf: { questionId: on.id, equals: Number(r.showIfValue) } };
  return { showIf: { questionId: on.id, equals: r.showIfValue } };
}

/** Which earlier questions a condition may refer to: those whose answers can be compared. */
const CONDITIONABLE: QuestionType[] = ['yesNo', 'singleChoice', 'multipleChoice', 'number', 'shortText', 'date'];

export function QuestionEditor({ rows, onChange, errors }: { rows: QuestionRow[]; onChange: (update: (rows: QuestionRow[]) => QuestionRow[]) => void; errors: FieldErrors }) {
  const setRow = (key: number, patch: Partial<QuestionRow>) => onChange((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const removeRow = (key: number) => onChange((rs) => rs.filter((r) => r.key !== key));
  return (
    <>
      {rows.length === 0 && <p class="muted">{t('questionEditor.empty')}</p>}
      {rows.map((q, i) => {
        const at = (f: string) => `questions.${i}.${f}`;
        const earlier = rows.slice(0, i).filter((e) => CONDITIONABLE.includes(e.type));
        const on = earlier.find((e) => e.id === q.showIfId);
        return (
          <fieldset class="row-editor" key={q.key}>
            <legend>{t('questionEditor.legend', { n: i + 1 })}</legend>
            <div class="grid-auto">
              <TextField path={at('label')} label={t('questionEditor.question')} required value={q.label} onValue={(v) => setRow(q.key, { label: v })} errors={errors} maxLength={300} />
              <Field path={at('type')} label={t('questionEditor.answerType')} errors={errors}>
                {(a11y) => (
                  <select {...a11y} value={q.type} onChange={(e) => setRow(q.key, { type: e.currentTarget.value as QuestionType })}>
                    {QUESTION_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t(QUESTION_TYPE_WORDS[type])}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <TextField path={at('help')} label={t('questionEditor.help')} value={q.help} onValue={(v) => setRow(q.key, { help: v })} errors={errors} />
            <div class="grid-auto">
              {(q.type === 'shortText' || q.type === 'longText') && (
                <TextField path={at('maxLength')} label={t('questionEditor.maxLength')} type="number" min={1} max={q.type === 'shortText' ? QUESTION_LIMITS.shortTextMax : QUESTION_LIMITS.longTextMax} step={1} inputMode="numeric" value={q.maxLength} onValue={(v) => setRow(q.key, { maxLength: v })} errors={errors} />
              )}
              {q.type === 'longText' && <TextField path={at('maxWords')} label={t('questionEditor.maxWords')} type="number" min={1} max={QUESTION_LIMITS.wordsMax} step={1} inputMode="numeric" value={q.maxWords} onValue={(v) => setRow(q.key, { maxWords: v })} errors={errors} />}
              {q.type === 'number' && (
                <>
                  <TextField path={at('unit')} label={t('questionEditor.unit')} value={q.unit} onValue={(v) => setRow(q.key, { unit: v })} errors={errors} maxLength={QUESTION_LIMITS.unitMax} />
                  <TextField path={at('min')} label={t('questionEditor.min')} type="number" step="any" inputMode="decimal" value={q.min} onValue={(v) => setRow(q.key, { min: v })} errors={errors} />
                  <TextField path={at('max')} label={t('questionEditor.max')} type="number" step="any" inputMode="decimal" value={q.max} onValue={(v) => setRow(q.key, { max: v })} errors={errors} />
                  <Checkbox path={at('integer')} label={t('questionEditor.integer')} checked={q.integer} onChecked={(v) => setRow(q.key, { integer: v })} errors={errors} />
                </>
              )}
              {q.type === 'date' && (
                <>
                  <Field path={at('min')} label={t('questionEditor.earliest')} errors={errors}>
                    {(a11y) => <DateInput a11y={a11y} value={q.min} max={q.max || undefined} onValue={(v) => setRow(q.key, { min: v })} />}
                  </Field>
                  <Field path={at('max')} label={t('questionEditor.latest')} errors={errors}>
                    {(a11y) => <DateInput a11y={a11y} value={q.max} min={q.min || undefined} onValue={(v) => setRow(q.key, { max: v })} />}
                  </Field>
                </>
              )}
              {q.type === 'multipleChoice' && (
                <>
                  <TextField path={at('minSelections')} label={t('questionEditor.minSelections')} type="number" min={0} max={QUESTION_LIMITS.optionsMax} step={1} inputMode="numeric" value={q.minSelections} onValue={(v) => setRow(q.key, { minSelections: v })} errors={errors} />
                  <TextField path={at('maxSelections')} label={t('questionEditor.maxSelections')} type="number" min={1} max={QUESTION_LIMITS.optionsMax} step={1} inputMode="numeric" value={q.maxSelections} onValue={(v) => setRow(q.key, { maxSelections: v })} errors={errors} />
                </>
              )}
              {q.type === 'file' && (
                <TextField path={at('maxBytes')} label={t('questionEditor.maxBytes', { max: QUESTION_LIMITS.fileMaxBytes / (1024 * 1024) })} type="number" min={0.1} max={QUESTION_LIMITS.fileMaxBytes / (1024 * 1024)} step="any" inputMode="decimal" value={q.maxMegabytes} onValue={(v) => setRow(q.key, { maxMegabytes: v })} errors={errors} />
              )}
              <Checkbox path={at('required')} label={t('questionEditor.required')} checked={q.required} onChecked={(v) => setRow(q.key, { required: v })} errors={errors} />
            </div>
            {(q.type === 'singleChoice' || q.type === 'multipleChoice') && (
              <TextArea path={at('options')} label={t('questionEditor.options')} required rows={4} value={q.options} onValue={(v) => setRow(q.key, { options: v })} errors={errors} />
            )}
            {q.type === 'file' && (
              <fieldset class="field field-choices" id={`f-questions-${i}-kinds`}>
                <legend>{t('questionEditor.kinds')}</legend>
                {FILE_KINDS.map((k) => (
                  <Checkbox key={k} path={`questions.${i}.kinds.${k}`} label={fileKindLabel(k)} checked={q.kinds.includes(k)} onChecked={(v) => setRow(q.key, { kinds: v ? [...q.kinds, k] : q.kinds.filter((x) => x !== k) })} errors={errors} />
                ))}
                <GroupError path={at('kinds')} errors={errors} />
              </fieldset>
            )}
            {earlier.length > 0 && (
              <div class="grid-auto">
                <Field path={at('showIf')} label={t('questionEditor.showIf')} errors={errors}>
                  {(a11y) => (
                    <select {...a11y} value={q.showIfId} onChange={(e) => setRow(q.key, { showIfId: e.currentTarget.value, showIfValue: '' })}>
                      <option value="">{t('questionEditor.alwaysShown')}</option>
                      {earlier.map((e) => (
                        <option key={e.id} value={e.id}>
                          {e.label || t('questionEditor.legend', { n: rows.indexOf(e) + 1 })}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {on && <ConditionValue path={at('showIfValue')} on={on} value={q.showIfValue} onValue={(v) => setRow(q.key, { showIfValue: v })} errors={errors} />}
              </div>
            )}
            <div class="row-actions">
              <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => removeRow(q.key)} aria-label={t('questionEditor.removeLabel', { n: i + 1 })}>
                {t('questionEditor.remove')}
              </button>
            </div>
          </fieldset>
        );
      })}
      <AddRowButton label={t('questionEditor.add')} disabled={rows.length >= MAX_QUESTIONS} onAdd={() => onChange((rs) => [...rs, newQuestionRow()])} focusPath={`questions.${rows.length}.label`} />
    </>
  );
}

function ConditionValue({ path, on, value, onValue, errors }: { path: string; on: QuestionRow; value: string; onValue: (v: string) => void; errors: FieldErrors }) {
  const choices = on.type === 'yesNo' ? [['true', t('common.yes')], ['false', t('common.no')]] : on.type === 'singleChoice' || on.type === 'multipleChoice' ? lines(on.options).map((o) => [o, o]) : undefined;
  const label = on.type === 'multipleChoice' ? t('questionEditor.answerIncludes') : t('questionEditor.answerIs');
  if (!choices) return <TextField path={path} label={label} type={on.type === 'number' ? 'number' : on.type === 'date' ? 'date' : 'text'} value={value} onValue={onValue} errors={errors} />;
  return (
    <Field path={path} label={label} errors={errors}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          <option value="">{t('questionEditor.choose')}</option>
          {choices.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
