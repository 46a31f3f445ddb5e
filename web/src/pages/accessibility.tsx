/**
 * The accessibility statement (issue 14 §5; EU Web Accessibility Directive 2016/2102, EN 301 549):
 * conformance, how it is tested, known limitations, how to give feedback and how to escalate.
 * Its sentences are kept together in STATEMENT so that they can be translated in one place.
 *
 * The feedback contact is the operator's: set VITE_ACCESSIBILITY_CONTACT (an e-mail address) when
 * building the web app (`VITE_ACCESSIBILITY_CONTACT=access@example.eu npm run build:web`); until
 * then the page says plainly that the operator has not set one.
 */
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

/** When this statement was last reviewed (ISO date): change it whenever its text changes. */
export const STATEMENT_DATE = '2026-12-02';

const CONTACT = (import.meta.env?.VITE_ACCESSIBILITY_CONTACT ?? '').trim();

const STATEMENT = {
  title: 'Accessibility statement',
  intro:
    'The people who run Podium want everyone to be able to use it: entrants, reviewers, investors, jury members and organisers, whatever device or assistive technology they use. This statement applies to the Podium web application on this site.',
  status: {
    heading: 'Conformance status',
    paragraphs: [
      'Podium aims to conform to the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, which is what the European standard EN 301 549 requires of web content.',
      'It is partially conformant: the application itself meets WCAG 2.1 AA as far as our tests show, but some content listed below, provided by others, may not.',
    ],
  },
  testing: {
    heading: 'How we test',
    items: [
      'Every browser test journey (signing in, registering, submitting, reviewing, judging, awarding, publishing results, managing programmes) runs the axe-core accessibility engine on every distinct state of every page it reaches, against the WCAG 2.0 and 2.1 A and AA rules and axe’s best practices; any violation fails the build.',
      'Keyboard journeys: tests drive whole flows with the keyboard alone, and check the skip link, visible focus on every interactive element, menus that open and close by keyboard, and dialogs that keep focus inside and return it when they close.',
      'Pages are checked on a desktop screen and on a 390 pixel wide phone screen.',
    ],
  },
  limitations: {
    heading: 'Known limitations',
    items: [
      'Pitch videos are uploaded by the competing teams. Whether a video has captions, and how good they are, depends on the team (teams can add a caption file, and organisers may enable automatic captions that teams can correct). Pitch videos have no audio description.',
      'Files that teams attach to their applications (pitch decks, declarations, financial statements) are their own documents and may not be accessible.',
      'The API docs page shows third-party software (Swagger UI) in a frame. We correct its colours and structure, but parts of its interactive explorer may be hard to use with a screen reader; the same information is in the machine-readable OpenAPI document.',
      'Competition texts (descriptions, questions, rubric texts) are written by organisers; their clarity and any images they link to are the organiser’s responsibility.',
    ],
  },
  feedback: {
    heading: 'Feedback and contact',
    paragraphs: [
      'If you find a barrier on this site, or need information in another format, tell us. Say which page and what you were trying to do; we will reply within 10 working days.',
    ],
    contact: 'Contact the operator of this installation:',
    noContact:
      'The operator of this installation has not set an accessibility contact yet (it is set with VITE_ACCESSIBILITY_CONTACT when the web app is built). Until then, contact the organiser of the competition you are taking part in.',
  },
  enforcement: {
    heading: 'Enforcement procedure',
    paragraphs: [
      'If you are not satisfied with our reply, you can turn to the body that enforces the Web Accessibility Directive (Directive (EU) 2016/2102) in the country of the public body that runs this installation, or to your national equality body or ombudsman.',
    ],
    link: 'The European Commission’s list of national monitoring bodies',
  },
  prepared: 'This statement was prepared on {date} from our own testing (automated and manual), and is reviewed whenever the application changes in a way that affects accessibility.',
};

export function AccessibilityPage() {
  useTitle(STATEMENT.title);
  const s = STATEMENT;
  return (
    <article class="accessibility-page">
      <h1>{s.title}</h1>
      <p class="lead">{s.intro}</p>
      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{s.status.heading}</h2>
        {s.status.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </section>
      <section aria-labelledby="a11y-testing">
        <h2 id="a11y-testing">{s.testing.heading}</h2>
        <ul>
          {s.testing.items.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a11y-limitations">
        <h2 id="a11y-limitations">{s.limitations.heading}</h2>
        <ul>
          {s.limitations.items.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
        <p>
          <Link href="/api-docs">API docs</Link> · <a href="/api/openapi.json">OpenAPI document</a>
        </p>
      </section>
      <section aria-labelledby="a11y-feedback">
        <h2 id="a11y-feedback">{s.feedback.heading}</h2>
        {s.feedback.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        {CONTACT ? (
          <p>
            {s.feedback.contact} <a href={`mailto:${CONTACT}`}>{CONTACT}</a>
          </p>
        ) : (
          <p class="notice notice-info" data-testid="accessibility-contact-placeholder">
            {s.feedback.noContact}
          </p>
        )}
      </section>
      <section aria-labelledby="a11y-enforcement">
        <h2 id="a11y-enforcement">{s.enforcement.heading}</h2>
        {s.enforcement.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <p>
          <a href="https://digital-strategy.ec.europa.eu/en/policies/web-accessibility-directive-monitoring-bodies">{s.enforcement.link}</a>
        </p>
      </section>
      <p class="muted">
        {s.prepared.split('{date}')[0]}
        <time dateTime={STATEMENT_DATE}>{STATEMENT_DATE}</time>
        {s.prepared.split('{date}')[1]}
      </p>
    </article>
  );
}
