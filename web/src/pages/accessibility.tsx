/**
 * The accessibility statement (issue 14 §5; EU Web Accessibility Directive 2016/2102, EN 301 549):
 * conformance, how it is tested, known limitations, how to give feedback and how to escalate.
 * Its sentences are the catalogues' (`accessibility.*`), in every language; SECTIONS says which
 * paragraphs and list items each section has.
 *
 * The feedback contact is the operator's: set VITE_ACCESSIBILITY_CONTACT (an e-mail address) when
 * building the web app (`VITE_ACCESSIBILITY_CONTACT=access@example.eu npm run build:web`); until
 * then the page says plainly that the operator has not set one.
 */
import { formatDay } from '../format.ts';
import { useTitle } from '../hooks.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { Link } from '../router.tsx';

/** When this statement was last reviewed (ISO date): change it whenever its text changes. */
export const STATEMENT_DATE = '2026-12-02';

const CONTACT = (import.meta.env?.VITE_ACCESSIBILITY_CONTACT ?? '').trim();

/** Each section: its paragraphs (`p`) or list items (`li`), numbered from 1 in the catalogues. */
const SECTIONS = [
  { key: 'status', p: 2 },
  { key: 'testing', li: 3 },
  { key: 'limitations', li: 4 },
  { key: 'feedback', p: 1 },
  { key: 'enforcement', p: 1 },
] as const;

const say = (key: string) => t(`accessibility.${key}` as MessageKey);
const numbered = (key: string, n: number) => Array.from({ length: n }, (_, i) => say(`${key}.${i + 1}`));

export function AccessibilityPage() {
  useTitle(t('accessibility.title'));
  const section = (key: (typeof SECTIONS)[number]['key']) => {
    const s = SECTIONS.find((x) => x.key === key)!;
    return (
      <>
        <h2 id={`a11y-${key}`}>{say(`${key}.heading`)}</h2>
        {'p' in s && numbered(key, s.p).map((p, i) => <p key={i}>{p}</p>)}
        {'li' in s && (
          <ul>
            {numbered(key, s.li).map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </>
    );
  };
  return (
    <article class="accessibility-page">
      <h1>{t('accessibility.title')}</h1>
      <p class="lead">{t('accessibility.intro')}</p>
      <section aria-labelledby="a11y-status">{section('status')}</section>
      <section aria-labelledby="a11y-testing">{section('testing')}</section>
      <section aria-labelledby="a11y-limitations">
        {section('limitations')}
        <p>
          <Link href="/api-docs">{t('accessibility.apiDocs')}</Link> · <a href="/api/openapi.json">{t('accessibility.openApi')}</a>
        </p>
      </section>
      <section aria-labelledby="a11y-feedback">
        {section('feedback')}
        {CONTACT ? (
          <p>
            {t('accessibility.feedback.contact')} <a href={`mailto:${CONTACT}`}>{CONTACT}</a>
          </p>
        ) : (
          <p class="notice notice-info" data-testid="accessibility-contact-placeholder">
            {t('accessibility.feedback.noContact')}
          </p>
        )}
      </section>
      <section aria-labelledby="a11y-enforcement">
        {section('enforcement')}
        <p>
          <a href="https://digital-strategy.ec.europa.eu/en/policies/web-accessibility-directive-monitoring-bodies">{t('accessibility.enforcement.link')}</a>
        </p>
      </section>
      <p class="muted">{tx('accessibility.prepared', { date: formatDay(STATEMENT_DATE), time: (chunks) => <time dateTime={STATEMENT_DATE}>{chunks}</time> })}</p>
    </article>
  );
}
