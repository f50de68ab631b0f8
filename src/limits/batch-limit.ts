import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config.js';
import { limitError } from './limit-error.js';

/**
 * Bounds the operations of one batched request (a JSON array of requests). Yoga's own batching
 * switch is given no limit of its own so that this one answers, with the archive's error code.
 */
export function useBatchLimit(limits: OperationLimits, production: boolean): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult) && requestParserResult.length > limits.maxBatch)
            throw limitError('maxBatch', limits.maxBatch, requestParserResult.length, production, 413);
        },
      };
    },
  };
}
