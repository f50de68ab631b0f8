import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig, SETTINGS } from '../src/config.js';

describe('settings', () => {
  it('when the environment is empty, then the defaults are those of the settings table', () => {
    expect(defaultConfig).toMatchObject({
      production: false,
      limits: {
        maxDepth: 10,
        maxAliases: 15,
        maxTokens: 1000,
        maxDirectives: 50,
        maxCost: 50_000,
        maxBatch: 10,
        maxBodyBytes: 4 * 1024 * 1024,
        operationTimeoutMs: 10_000,
      },
      persistedOperationsFile: null,
      graphiql: true,
      introspection: true,
      corsOrigins: [],
      csrfPrevention: true,
      rateLimit: { limit: 600, windowSeconds: 60 },
      trustProxy: false,
      requestLog: true,
      metrics: true,
      workers: 1,
      shutdownGraceMs: 10_000,
    });
  });

  it('when settings are given in the environment, then each is read into its place', () => {
    const config = configFromEnv({
      NODE_ENV: 'production',
      ARCHIVE_MAX_DEPTH: '7',
      ARCHIVE_MAX_COST: '2500',
      ARCHIVE_OPERATION_TIMEOUT_MS: '1500',
      ARCHIVE_GRAPHIQL: 'false',
      ARCHIVE_INTROSPECTION: ' False ',
      ARCHIVE_CORS_ORIGINS: 'https://a.example, https://b.example',
      ARCHIVE_RATE_LIMIT: '0',
      ARCHIVE_PERSISTED_OPERATIONS: '/etc/archive/ops.json',
      ARCHIVE_WORKERS: '3',
    });
    expect(config).toMatchObject({
      production: true,
      limits: { maxDepth: 7, maxCost: 2500, operationTimeoutMs: 1500, maxAliases: 15 },
      graphiql: false,
      introspection: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
      rateLimit: { limit: 0, windowSeconds: 60 },
      persistedOperationsFile: '/etc/archive/ops.json',
      workers: 3,
    });
    expect(configFromEnv({ ARCHIVE_WORKERS: 'auto' }).workers).toBeGreaterThanOrEqual(1);
  });

  it('when a setting is malformed, then start-up stops with its name and the value', () => {
    expect(() => configFromEnv({ ARCHIVE_MAX_DEPTH: 'ten' })).toThrow(
      'ARCHIVE_MAX_DEPTH must be an integer >= 1, got "ten".',
    );
    expect(() => configFromEnv({ ARCHIVE_MAX_ALIASES: '-1' })).toThrow(/ARCHIVE_MAX_ALIASES/);
    expect(() => configFromEnv({ ARCHIVE_GRAPHIQL: 'maybe' })).toThrow(
      'ARCHIVE_GRAPHIQL must be "true" or "false", not "maybe".',
    );
    expect(() => configFromEnv({ ARCHIVE_WORKERS: '0' })).toThrow(/ARCHIVE_WORKERS/);
  });

  it('when README is read, then its settings table documents every setting with its default', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
    const rows = readme.split('\n');
    for (const setting of Object.values(SETTINGS)) {
      const row = rows.find((line) => new RegExp(`^\\|\\s*\`${setting.env}\`\\s*\\|`).test(line));
      expect(row, setting.env).toBeDefined();
      const value = setting.default;
      const shown = Array.isArray(value)
        ? value.length
          ? value.join(',')
          : 'empty'
        : String(value ?? 'unset');
      expect(row, setting.env).toMatch(new RegExp(`\\|\\s*\`${shown}\`\\s*\\|\\s*$`));
    }
  });
});
