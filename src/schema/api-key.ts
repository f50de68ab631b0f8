import { z } from 'zod';

import { type API_KEY_ROLES, createApiKey, revokeApiKey } from '../api-keys.js';
import { builder } from '../builder.js';
import { invalidInputError } from '../errors.js';
import { actorOf, InputProblems } from './mutation-support.js';

const ApiKeyRole = builder.enumType('ApiKeyRole', {
  description: 'What an API key may do; each role includes the ones before it.',
  values: {
    READER: { description: 'Read, when the archive requires a key for reads.' },
    EDITOR: { description: 'Create, correct, link, merge, move and delete records.' },
    ADMIN: { description: 'Everything an editor may, plus managing keys and reading the audit log.' },
  } satisfies Record<(typeof API_KEY_ROLES)[number], { description: string }>,
});

const ApiKey = builder.drizzleObject('apiKeys', {
  name: 'ApiKey',
  description: 'An API key, without its secret (only a hash of it is stored).',
  fields: (t) => ({
    keyId: t.exposeInt('id', { description: 'Numeric id, as `npm run keys -- list` shows it.' }),
    name: t.exposeString('name', { description: 'Who holds the key; the audit log names writes by it.' }),
    role: t.field({
      type: ApiKeyRole,
      description: 'What the key may do.',
      select: { columns: { role: true } },
      resolve: (k) => k.role as (typeof API_KEY_ROLES)[number],
    }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    createdAt: t.exposeString('createdAt', { description: 'When the key was created (ISO 8601 UTC).' }),
    revokedAt: t.exposeString('revokedAt', {
      nullable: true,
      description: 'When the key was revoked; null while it is live.',
    }),
    lastUsedAt: t.exposeString('lastUsedAt', {
      nullable: true,
      description: 'When the key last authenticated a request (to the minute); null if never.',
    }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.drizzleField({
    type: [ApiKey],
    authScopes: { admin: true },
    description: 'Every API key, newest first, revoked ones included. Needs the ADMIN role.',
    resolve: (query, _root, _args, ctx) => ctx.db.query.apiKeys.findMany(query({ orderBy: { id: 'desc' } })),
  }),
);

builder.relayMutationField(
  'createApiKey',
  {
    description: 'The holder and role of a new key.',
    inputFields: (t) => ({
      name: t.string({
        required: true,
        description: 'Who holds the key (1 to 100 characters, unique among live keys).',
      }),
      role: t.field({ type: ApiKeyRole, required: true, description: 'What the key may do.' }),
    }),
  },
  {
    authScopes: { admin: true },
    description:
      'Creates an API key. Its secret is in the payload and is never shown again. Needs the ADMIN role.',
    resolve: (_root, { input }, ctx) => {
      try {
        const { key, row } = createApiKey(ctx.db, input, actorOf(ctx));
        return { key, keyId: row.id };
      } catch (error) {
        if (!(error instanceof z.ZodError)) throw error;
        const problems = new InputProblems();
        problems.addZod(error);
        throw invalidInputError(problems.list);
      }
    },
  },
  {
    description: 'The result of createApiKey.',
    outputFields: (t) => ({
      secret: t.string({
        description: 'The key itself, to send as "Authorization: Bearer <secret>". Shown only this once.',
        resolve: (p) => p.key,
      }),
      apiKey: t.drizzleField({
        type: ApiKey,
        description: 'The new key, without its secret.',
        resolve: async (query, payload, _args, ctx) => {
          const row = await ctx.db.query.apiKeys.findFirst(query({ where: { id: payload.keyId } }));
          if (!row) throw new Error(`API key ${payload.keyId} vanished after its creation.`);
          return row;
        },
      }),
    }),
  },
);

builder.relayMutationField(
  'revokeApiKey',
  {
    description: 'The key to revoke.',
    inputFields: (t) => ({
      key: t.string({
        required: true,
        description: 'Numeric id or display prefix of the key (as `apiKeys` or `npm run keys -- list` show).',
      }),
    }),
  },
  {
    authScopes: { admin: true },
    description:
      'Revokes an API key: from the next request on it authenticates nothing. Keys are never deleted, so the audit log can name them. Needs the ADMIN role.',
    resolve: (_root, { input }, ctx) => {
      const result = revokeApiKey(ctx.db, input.key, actorOf(ctx));
      if ('problem' in result) InputProblems.refuse(['key'], result.problem);
      return { keyId: result.row.id };
    },
  },
  {
    description: 'The result of revokeApiKey.',
    outputFields: (t) => ({
      apiKey: t.drizzleField({
        type: ApiKey,
        description: 'The revoked key.',
        resolve: async (query, payload, _args, ctx) => {
          const row = await ctx.db.query.apiKeys.findFirst(query({ where: { id: payload.keyId } }));
          if (!row) throw new Error(`API key ${payload.keyId} vanished after its revocation.`);
          return row;
        },
      }),
    }),
  },
);
