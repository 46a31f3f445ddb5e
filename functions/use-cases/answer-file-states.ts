/** What became of a submission's answer files, for the completeness check (use-cases/submissions.ts; issue 14 §3). */
import type { Competition } from '../domain/competition.ts';
import type { Ports } from './ports.ts';

/** The state of each answer file a submission's answers point to (undefined: no such file). */
export async function fileStates(ports: Pick<Ports, 'pitches'>, c: Competition, submissionId: string) {
  if (!c.questions.some((q) => q.type === 'file')) return () => undefined;
  const files = await ports.pitches.listAnswerFiles(c.id, submissionId);
  const byQuestion = new Map(files.map((f) => [f.questionId, f]));
  return (questionId: string, fileId: string) => {
    const f = byQuestion.get(questionId);
    return f && f.fileId === fileId ? f.state : undefined;
  };
}
