import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { relations } from '../db/relations.js';
import { type ArchiveAuthScopes, authorizationError, authScopesOf } from './authorization.js';
import type { ArchiveContext } from './context.js';
import { decodeArchiveId, encodeArchiveId } from './global-id.js';
import { loadNodeRows } from './node-existence.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PothosTypes {
  DrizzleRelations: typeof relations;
  Context: ArchiveContext;
  AuthScopes: ArchiveAuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
  };
}

export const builder = new SchemaBuilder<PothosTypes>({
  // Relay first so scope checks see decoded IDs; scope-auth before drizzle, so a refused field
  // never reaches its resolver.
  plugins: [RelayPlugin, ScopeAuthPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: authScopesOf,
    unauthorizedError: (_parent, ctx, info, result) => authorizationError(ctx, result.failure, info),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: { description: 'The items of this page, without cursors.' },
    encodeGlobalID: encodeArchiveId,
    decodeGlobalID: decodeArchiveId,
    nodeQueryOptions: {
      args: { id: { description: 'Global ID of the record.' } },
      description: 'Fetches any Document, Person or Topic by its global ID. Null when no such record exists.',
      resolve: (_root, { id }, ctx, _info, resolveNode) =>
        loadNodeRows(ctx, [id]).has(`${id.typename}:${id.id}`) ? resolveNode(id) : null,
    },
    nodesQueryOptions: {
      args: { ids: { description: 'Global IDs of the records (at most 100).' } },
      description:
        'Fetches several records by global ID at once, in the order given; null for each ID that matches no record.',
      // Whole rows, typed by __typename; relations beneath are loaded in one batch per table.
      resolve: (_root, { ids }, ctx) => {
        const rows = loadNodeRows(ctx, ids);
        return ids.map((id) => rows.get(`${id.typename}:${id.id}`) ?? null);
      },
    },
    idFieldOptions: {
      description: 'Opaque global identifier; pass it to `node`, `nodes` or any `id` argument.',
    },
    nodeTypeOptions: {
      description: 'A record with a global ID that can be refetched with `node(id:)`.',
    },
    pageInfoTypeOptions: {
      description: 'Where a page sits in its connection, with the cursors to fetch its neighbours.',
    },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: {
      description: 'Cursor of the first item of the page; pass it as `before` to go back.',
    },
    endCursorFieldOptions: {
      description: 'Cursor of the last item of the page; pass it as `after` to go on.',
    },
    cursorFieldOptions: { description: 'Opaque position of this item in its connection.' },
    nodeFieldOptions: { description: 'The item at this position.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
    firstArgOptions: {
      description: `Return at most this many items from the start (0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).`,
    },
    lastArgOptions: {
      description: `Return at most this many items from the end (0 to ${MAX_PAGE_SIZE}). Not with \`first\`.`,
    },
    afterArgOptions: { description: 'Return items after this cursor (an `endCursor`).' },
    mutationInputArgOptions: { description: 'What to change; see the input type for each field.' },
    beforeArgOptions: { description: 'Return items before this cursor (a `startCursor`).' },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
});
