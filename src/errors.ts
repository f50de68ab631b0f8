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
  /** An operation limit refused the request; `extensions.limit` names which. */
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  TOKEN_LIMIT_EXCEEDED: 'TOKEN_LIMIT_EXCEEDED',
  DIRECTIVE_LIMIT_EXCEEDED: 'DIRECTIVE_LIMIT_EXCEEDED',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  BATCH_LIMIT_EXCEEDED: 'BATCH_LIMIT_EXCEEDED',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  OPERATION_TIMEOUT: 'OPERATION_TIMEOUT',
  RATE_LIMITED: 'RATE_LIMITED',
  CSRF_REFUSED: 'CSRF_REFUSED',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  PERSISTED_OPERATION_REQUIRED: 'PERSISTED_OPERATION_REQUIRED',
  PERSISTED_OPERATION_NOT_FOUND: 'PERSISTED_OPERATION_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions },
  });
}

/**
 * An error refused before or outside execution, with the HTTP status yoga should answer with
 * (yoga reads `extensions.http` and strips it from the response body).
 */
export function requestError(
  code: ErrorCode,
  message: string,
  status: number,
  extensions: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, http: { status, ...(headers ? { headers } : {}) } },
  });
}

/** A complete JSON error response, for refusals made before yoga parses the request. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  status: number,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
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
