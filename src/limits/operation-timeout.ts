import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config.js';
import { limitError } from './limit-error.js';

/**
 * Cuts an operation off after `operationTimeoutMs`: the client gets an OPERATION_TIMEOUT error
 * (503, so it may retry later) and the executor is signalled to resolve no further fields. A single
 * SQL statement already running is not interrupted (better-sqlite3 is synchronous); the cost limit
 * is what keeps statements small.
 */
export function useOperationTimeout(limits: OperationLimits, production: boolean): Plugin {
  const ms = limits.operationTimeoutMs;
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      setExecuteFn(async (executionArgs) => {
        const controller = new AbortController();
        const outer = (args as { signal?: AbortSignal }).signal;
        outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<{ errors: [Error] }>((resolve) => {
          timer = setTimeout(() => {
            const error = limitError('operationTimeoutMs', ms, undefined, production, 503);
            controller.abort(error);
            resolve({ errors: [error] });
          }, ms);
        });
        try {
          return await Promise.race([
            executeFn({ ...executionArgs, signal: controller.signal } as typeof executionArgs),
            timedOut,
          ]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
