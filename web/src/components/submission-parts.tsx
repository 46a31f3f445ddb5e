/** Pieces of a submission and its reviews shown both to organisers and to reviewers. */
import type { ComponentChildren } from 'preact';
import type { Criterion } from '../types.ts';
import { Tags } from './ui.tsx';
import { t } from '../i18n.ts';

interface SubmissionText {
  summary: string;
  problem: string;
  solution: string;
  valueChain: string[];
  sectors: string[];
}

/** Summary, problem, solution, value chain and sectors ("—" when empty); `children` adds rows. */
export function SubmissionDetails({ submission: s, children }: { submission: SubmissionText; children?: ComponentChildren }) {
  return (
    <dl class="details submission-details">
      <dt>{t('submissionParts.summary')}</dt>
      <dd class="prose">{s.summary || '—'}</dd>
      <dt>{t('submissionParts.problem')}</dt>
      <dd class="prose">{s.problem || '—'}</dd>
      <dt>{t('submissionParts.solution')}</dt>
      <dd class="prose">{s.solution || '—'}</dd>
      <dt>{t('submissionParts.valueChain')}</dt>
      <dd>{s.valueChain.length ? <Tags items={s.valueChain} /> : '—'}</dd>
      <dt>{t('submissionParts.sectors')}</dt>
      <dd>{s.sectors.length ? <Tags items={s.sectors} /> : '—'}</dd>
      {children}
    </dl>
  );
}

/** A review's overall comment, then its comment on each criterion of the rubric, in rubric order. */
export function ReviewComments({ overallComment, comments, rubric }: { overallComment?: string; comments: Record<string, string>; rubric: Pick<Criterion, 'id' | 'name'>[] }) {
  return (
    <>
      {overallComment && <p class="prose">{overallComment}</p>}
      {rubric
        .filter((c) => comments[c.id])
        .map((c) => (
          <p key={c.id} class="prose">
            <strong>{t('submissionParts.criterionComment', { name: c.name })}</strong> {comments[c.id]}
          </p>
        ))}
    </>
  );
}
