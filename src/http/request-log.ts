import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';
import { requestState, requestStateOf } from './request-state.js';

/** One structured log line; the server writes them to stdout as JSON. */
export type LogRecord = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string };
export type LogSink = (record: LogRecord) => void;

/** Writes each record as one JSON line on stdout. */
export const jsonStdout: LogSink = (record) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
};

/** Codes that mean the server refused the request by policy (as opposed to bad input). */
const REFUSALS = new Set<string>([
  ErrorCode.DEPTH_LIMIT_EXCEEDED,
  ErrorCode.ALIAS_LIMIT_EXCEEDED,
  ErrorCode.TOKEN_LIMIT_EXCEEDED,
  ErrorCode.DIRECTIVE_LIMIT_EXCEEDED,
  ErrorCode.COST_LIMIT_EXCEEDED,
  ErrorCode.BATCH_LIMIT_EXCEEDED,
  ErrorCode.BODY_TOO_LARGE,
  ErrorCode.OPERATION_TIMEOUT,
  ErrorCode.RATE_LIMITED,
  ErrorCode.CSRF_REFUSED,
  ErrorCode.INTROSPECTION_DISABLED,
  ErrorCode.PERSISTED_OPERATION_REQUIRED,
  ErrorCode.PERSISTED_OPERATION_NOT_FOUND,
]);

export function isRefusal(code: unknown): code is string {
  return typeof code === 'string' && REFUSALS.has(code);
}

type ErrorsOnly = { errors?: readonly { extensions?: Record<string, unknown> }[] };

/**
 * Gives every request an id (the client's X-Request-Id when it is sane, echoed back), notes the
 * operation it ran and the refusal that stopped it, and logs one JSON line when it is answered:
 * request id, method, path, status, operation name and type, duration in milliseconds.
 */
export function useRequestLog(log: LogSink | null): Plugin {
  return {
    onRequest({ request, serverContext }) {
      requestState(serverContext, request);
    },
    onExecute({ args }) {
      const state = requestStateOf(args.contextValue);
      if (!state) return;
      const operation = getOperationAST(args.document, args.operationName);
      const name = operation?.name?.value ?? args.operationName ?? undefined;
      // A batch runs several operations in one request: the log line lists them all.
      state.operationName = [state.operationName, name].filter(Boolean).join(',') || undefined;
      state.operationType ??= operation?.operation;
    },
    onResultProcess({ result, serverContext }) {
      const state = requestStateOf(serverContext);
      if (!state || state.refusal) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        const code = (one as ErrorsOnly).errors?.find((e) => isRefusal(e.extensions?.code))?.extensions?.code;
        if (isRefusal(code)) {
          state.refusal = code;
          return;
        }
      }
    },
    onResponse({ request, response, serverContext }) {
      const state = requestState(serverContext, request);
      response.headers.set('x-request-id', state.id);
      if (!log) return;
      const url = new URL(request.url);
      if (url.pathname === '/metrics' || url.pathname === '/health') return;
      log({
        level: response.status >= 500 ? 'error' : 'info',
        msg: 'request',
        requestId: state.id,
        method: request.method,
        path: url.pathname,
        status: response.status,
        operationName: state.operationName ?? null,
        operationType: state.operationType ?? null,
        ...(state.refusal ? { refusal: state.refusal } : {}),
        durationMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
      });
    },
  };
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = (value as { originalError?: unknown }).originalError ?? value.cause;
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(cause ? { cause: describe(cause) } : {}),
    };
  }
  return value;
}

/**
 * Yoga's own logger (the causes of masked errors, warnings) writing the same JSON lines as the
 * request log; debug messages are dropped.
 */
export function jsonYogaLogger(sink: LogSink) {
  const write =
    (level: LogRecord['level']) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      sink({
        level,
        msg: typeof first === 'string' ? first : first instanceof Error ? first.message : 'yoga',
        ...(rest.length || typeof first !== 'string' ? { details: [first, ...rest].map(describe) } : {}),
      });
    };
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}
