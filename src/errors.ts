import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values clients may branch on. Anything else that goes wrong is
 * masked by yoga as "Unexpected error." and logged server-side.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions },
  });
}
