import type { OperationLimits } from '../config.js';
import { SETTINGS } from '../config.js';
import { ErrorCode, requestError } from '../errors.js';

const LIMITS = {
  maxDepth: { code: ErrorCode.DEPTH_LIMIT_EXCEEDED, what: 'query depth' },
  maxAliases: { code: ErrorCode.ALIAS_LIMIT_EXCEEDED, what: 'number of aliases' },
  maxTokens: { code: ErrorCode.TOKEN_LIMIT_EXCEEDED, what: 'number of tokens' },
  maxDirectives: { code: ErrorCode.DIRECTIVE_LIMIT_EXCEEDED, what: 'number of directives' },
  maxCost: { code: ErrorCode.COST_LIMIT_EXCEEDED, what: 'estimated cost' },
  maxBatch: { code: ErrorCode.BATCH_LIMIT_EXCEEDED, what: 'number of batched operations' },
  maxBodyBytes: { code: ErrorCode.BODY_TOO_LARGE, what: 'request body size in bytes' },
  operationTimeoutMs: { code: ErrorCode.OPERATION_TIMEOUT, what: 'running time in milliseconds' },
} as const satisfies Record<keyof OperationLimits, { code: ErrorCode; what: string }>;

export type LimitName = keyof OperationLimits;

/**
 * The message and extensions of a refused operation. Both name the limit and its value; outside
 * production the message also gives the measured figure and the setting that raises the limit,
 * which in production would tell a hostile client about the deployment.
 */
export function limitMessage(limit: LimitName, max: number, actual: number | undefined, production: boolean) {
  const { code, what } = LIMITS[limit];
  const measured = actual === undefined ? '' : ` (${actual})`;
  const message = production
    ? `Operation refused: the ${what} exceeds the limit of ${max}.`
    : `Operation refused: the ${what}${measured} exceeds the limit of ${max}; the server's ${SETTINGS[limit].env} setting sets it.`;
  return { code, message, extensions: { limit, max } };
}

/** A GraphQL error for a refused operation, answered with `status` (400 unless said). */
export function limitError(
  limit: LimitName,
  max: number,
  actual: number | undefined,
  production: boolean,
  status = 400,
) {
  const { code, message, extensions } = limitMessage(limit, max, actual, production);
  return requestError(code, message, status, extensions);
}
