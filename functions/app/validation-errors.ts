/**
 * Input that fails its zod schema → one ValidationFailed: `fields` keyed by path (the web puts each
 * message next to its input), `message` naming every problem with the form's labels
 * (domain/field-labels.ts).
 */
import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';
import { ValidationFailed, type FieldErrors } from '../domain/errors.ts';
import { fieldCodeOf, type FieldCodes, type FieldProblem } from '../shared/field-codes.ts';
import { problemsMessage } from '../domain/field-labels.ts';

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/**
 * Sentences for zod's own messages ("Invalid input: expected string, received undefined"), for
 * schemas that do not name theirs. Set once for the process: zod uses it only where a schema
 * gives no message of its own.
 */
function humanIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Required.';
      if (issue.expected === 'int') return 'Enter a whole number.';
      if (issue.expected === 'number' && issue.received === 'NaN') return 'Enter a number.';
      const kind = KINDS[issue.expected];
      return kind ? `Enter ${kind}.` : undefined;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Required.' : `At least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Add at least ${min}.`;
      return issue.inclusive === false ? `Must be more than ${min}.` : `At least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `At most ${max} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${max} items.`;
      if (issue.origin === 'int' && max === Number.MAX_SAFE_INTEGER) return 'Too large.';
      return issue.inclusive === false ? `Must be less than ${max}.` : `At most ${max}.`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `Must be ${String(issue.values[0])}.` : `Choose one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Not an e-mail address.';
      if (issue.format === 'url') return 'Not a web address.';
      return 'Not in the expected format.';
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}.`;
    case 'invalid_union':
      return 'Not a valid value.';
    default:
      return undefined;
  }
}
z.config({ customError: humanIssue });

/** `where` ("json", "query", "param") names an issue about the whole input (an empty path). */
export function zodToValidationFailed(error: core.$ZodError, where: string): ValidationFailed {
  const fields: FieldErrors = {};
  const fieldCodes: FieldCodes = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.join('.') : where;
    if (fields[path] !== undefined) continue;
    fields[path] = issue.message;
    const c = issueCode(issue as unknown as z.core.$ZodRawIssue);
    if (c) fieldCodes[path] = c;
  }
  return new ValidationFailed(problemsMessage(fields), fields).with({ fieldCodes });
}

/**
 * The stable code of a zod issue (issue 14), whatever the schema's own sentence says: the web says
 * it in the reader's language, with its parameters (`{ max: 300 }`).
 */
export function issueCode(issue: z.core.$ZodRawIssue): FieldProblem | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      // The final issue keeps no input: a missing value is told by humanIssue's sentence ("Required.").
      const said = fieldCodeOf(issue.message ?? '');
      if (said?.code === 'REQUIRED') return said;
      if (issue.expected === 'int') return { code: 'NOT_AN_INTEGER' };
      if (issue.expected === 'number') return { code: 'NOT_A_NUMBER' };
      if (issue.expected === 'string') return { code: 'TEXT_EXPECTED' };
      return said ?? { code: 'INVALID_VALUE' };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { code: 'REQUIRED' } : { code: 'TOO_SHORT', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'TOO_FEW_ITEMS', params: { min } };
      return { code: 'TOO_SMALL', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'TOO_LONG', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'TOO_MANY_ITEMS', params: { max } };
      if (issue.origin === 'int' && max === Number.MAX_SAFE_INTEGER) return { code: 'TOO_BIG' };
      return { code: 'TOO_BIG', params: { max } };
    }
    case 'invalid_value':
      return { code: 'INVALID_CHOICE', params: { options: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'INVALID_EMAIL' };
      if (issue.format === 'url') return { code: 'INVALID_URL' };
      // A pattern's own sentence says what was expected (a date, a currency code) where it has a code.
      return fieldCodeOf(issue.message ?? '') ?? { code: 'INVALID_FORMAT' };
    case 'not_multiple_of':
      return { code: 'NOT_MULTIPLE_OF', params: { divisor: Number(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD', params: { fields: issue.keys.join(', ') } };
    default:
      return fieldCodeOf(issue.message ?? '') ?? { code: 'INVALID_VALUE' };
  }
}
