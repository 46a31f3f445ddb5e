/**
 * Input that fails its zod schema → one ValidationFailed: `fields` keyed by path (the web puts each
 * message next to its input), `message` naming every problem with the form's labels
 * (domain/field-labels.ts).
 */
import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';
import { ValidationFailed, type FieldErrors } from '../domain/errors.ts';
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
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.join('.') : where;
    fields[path] ??= issue.message;
  }
  return new ValidationFailed(problemsMessage(fields), fields);
}
