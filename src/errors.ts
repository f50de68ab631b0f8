import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values clients may branch on. Anything else that goes wrong is
 * masked by yoga as "Unexpected error." and logged server-side.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  /** No API key, or one that is malformed, unknown or revoked, where a key is required. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A valid API key whose role does not allow the operation. */
  FORBIDDEN: 'FORBIDDEN',
  /** The record changed since the client read it (`extensions.currentVersion`). */
  CONFLICT: 'CONFLICT',
  /** A person or topic that documents (or subtopics) still use; see `extensions`. */
  STILL_REFERENCED: 'STILL_REFERENCED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions },
  });
}

/** One problem of a mutation input: `path` is dotted from the argument ("input.people.0.role"). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The one shape of a refused mutation input: BAD_USER_INPUT with every problem of the input in
 * `extensions.fields`, so a form can mark all its bad fields at once.
 */
export function invalidInputError(problems: readonly FieldProblem[]) {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return userInputError(
    `Invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${summary}`,
    {
      fields: problems,
    },
  );
}

export function conflictError(typename: string, globalId: string, expected: number, current: number) {
  return new GraphQLError(
    `${typename} ${globalId} is at version ${current}, not ${expected}: it changed since you read it. Reload it and apply your change again.`,
    {
      extensions: {
        code: ErrorCode.CONFLICT,
        id: globalId,
        expectedVersion: expected,
        currentVersion: current,
      },
    },
  );
}
