/**
 * The rules of a competition's questions and their answers live in functions/shared/questions.ts:
 * pure code the web app applies too (conditions, the answers kept), so both sides read the same
 * rules from one file. The domain imports them from here.
 */
export * from '../shared/questions.ts';
