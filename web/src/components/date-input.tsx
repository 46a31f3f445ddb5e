/**
 * A calendar day or a wall-clock moment, typed in the reader's language ("24/12/2026 17:00",
 * "24.12.2026 17:00": web/src/date-text.ts) and handed to the form as the API's ISO text — with a
 * button that opens the browser's calendar for those who would rather pick. The expected format
 * is shown beside the field and read with it; text that is not a date says so when the field is
 * left, and is passed on as typed (the form never drops what was written).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateText, parseDateText, type DateKind } from '../date-text.ts';
import { currentLocale, t } from '../i18n.ts';

export interface DateInputProps {
  /** What Field hands its control: the id the label points at, and the field's error and hint. */
  a11y: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string; required?: boolean };
  kind?: DateKind;
  /** "2026-12-24" (kind date) or "2026-12-24T17:00" (kind dateTime); '' for none. */
  value: string;
  onValue: (value: string) => void;
  min?: string;
  max?: string;
}

export function DateInput({ a11y, kind = 'date', value, onValue, min, max }: DateInputProps) {
  const locale = currentLocale();
  const [text, setText] = useState(() => formatDateText(value, locale, kind));
  const [wrong, setWrong] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  // The value changed from outside (a form loaded or reset, another language): show it afresh.
  useEffect(() => {
    const typed = parseDateText(text, locale, kind);
    if (typed.ok ? typed.value !== value : text !== value) {
      setText(formatDateText(value, locale, kind));
      setWrong(false);
    }
  }, [value, locale, kind]);

  const formatId = `${a11y.id}-format`;
  const problemId = `${a11y.id}-problem`;
  const format = t(kind === 'date' ? 'dateInput.format.date' : 'dateInput.format.dateTime');
  const described = [a11y['aria-describedby'], formatId, wrong ? problemId : ''].filter(Boolean).join(' ');
  const canPick = typeof HTMLInputElement !== 'undefined' && 'showPicker' in HTMLInputElement.prototype;

  const typedIn = (typed: string) => {
    setText(typed);
    const parsed = parseDateText(typed, locale, kind);
    if (parsed.ok) setWrong(false);
    onValue(parsed.ok ? parsed.value : typed);
  };
  const picked = (iso: string) => {
    const parsed = parseDateText(iso, locale, kind);
    if (!parsed.ok) return;
    setText(formatDateText(parsed.value, locale, kind));
    setWrong(false);
    onValue(parsed.value);
  };

  return (
    <span class="date-input">
      <span class="date-input-row">
        <input
          type="text"
          inputMode="numeric"
          autoComplete="off"
          {...a11y}
          aria-invalid={a11y['aria-invalid'] || wrong || undefined}
          aria-describedby={described}
          placeholder={format}
          value={text}
          onInput={(e) => typedIn(e.currentTarget.value)}
          onBlur={() => setWrong(!parseDateText(text, locale, kind).ok)}
        />
        {canPick && (
          <>
            <button
              type="button"
              class="date-input-pick"
              aria-label={t('dateInput.pick')}
              title={t('dateInput.pick')}
              onClick={() => {
                const el = picker.current;
                if (!el) return;
                const current = parseDateText(text, locale, kind);
                el.value = current.ok ? current.value : '';
                try {
                  el.showPicker();
                } catch {
                  /* a browser that refuses (no user gesture) leaves the text field to type in */
                }
              }}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                <rect x="3" y="5" width="18" height="16" rx="2" />
                <path d="M3 10h18M8 3v4M16 3v4" />
              </svg>
            </button>
            <input
              ref={picker}
              class="date-input-native"
              type={kind === 'date' ? 'date' : 'datetime-local'}
              tabIndex={-1}
              aria-hidden="true"
              min={min}
              max={max}
              onChange={(e) => picked(e.currentTarget.value)}
            />
          </>
        )}
      </span>
      <span class="hint date-input-format" id={formatId}>
        {format}
      </span>
      {wrong && (
        <span class="field-error" id={problemId} role="alert">
          {t('dateInput.invalid', { format })}
        </span>
      )}
    </span>
  );
}
