import type { Plugin } from 'graphql-yoga';
import type { RateLimitSettings } from '../config.js';
import { ErrorCode, errorResponse } from '../errors.js';
import { clientKey } from './client-key.js';
import { requestState } from './request-state.js';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Fixed-window request counter per client key. Counts live in this process: with several
 * workers each enforces the limit on the requests it answers.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; says whether it is allowed and what the headers should say. */
  take(key: string) {
    const { limit, windowSeconds } = this.settings;
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
    return {
      allowed: window.count <= limit,
      headers: {
        'RateLimit-Limit': String(limit),
        'RateLimit-Remaining': String(Math.max(0, limit - window.count)),
        'RateLimit-Reset': String(resetSeconds),
        'RateLimit-Policy': `${limit};w=${windowSeconds}`,
      },
      resetSeconds,
    };
  }

  /** Forgets finished windows once per window length, so idle clients cost no memory. */
  private sweep(now: number, windowMs: number) {
    if (now - this.sweptAt < windowMs) return;
    this.sweptAt = now;
    for (const [key, window] of this.windows)
      if (now - window.startedAt >= windowMs) this.windows.delete(key);
  }
}

/**
 * Rate limits requests to `paths` (GraphQL and the export route) per API key or client address, answering with the IETF draft's
 * RateLimit-Limit/-Remaining/-Reset and RateLimit-Policy headers, and 429 with Retry-After once
 * the window's allowance is spent.
 */
export function useRateLimit(
  settings: RateLimitSettings,
  { paths, trustProxy }: { paths: string[]; trustProxy: boolean },
): Plugin {
  const limiter = new RateLimiter(settings);
  const headersOf = new WeakMap<object, Record<string, string>>();
  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (!paths.includes(url.pathname) || request.method === 'OPTIONS') return;
      const { allowed, headers, resetSeconds } = limiter.take(clientKey(request, serverContext, trustProxy));
      if (allowed) {
        headersOf.set(serverContext, headers);
        return;
      }
      requestState(serverContext, request).refusal = ErrorCode.RATE_LIMITED;
      endResponse(
        errorResponse(
          ErrorCode.RATE_LIMITED,
          `Too many requests: the limit is ${settings.limit} per ${settings.windowSeconds} seconds; retry in ${resetSeconds} seconds.`,
          429,
          { ...headers, 'Retry-After': String(resetSeconds) },
        ),
      );
    },
    onResponse({ response, serverContext }) {
      const headers = headersOf.get(serverContext);
      if (headers) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    },
  };
}
