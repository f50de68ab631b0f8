import { builder } from '../builder.js';

/**
 * A connection type whose `totalCount` counts the whole list. The resolver behind it supplies
 * `totalCount()` (as `t.drizzleConnection`'s `totalCount` option does); the extension tells
 * the Drizzle plugin that a query selecting only the count needs no rows.
 */
export function countedConnection(
  type: Parameters<typeof builder.connectionObject>[0]['type'],
  name: string,
  plural: string,
) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      description: `A page of ${plural}.`,
      fields: (t) => ({
        totalCount: t.int({
          description: `How many ${plural} the whole list holds, across all pages.`,
          extensions: { pothosDrizzleTotalCount: true },
          resolve: (connection) => (connection as unknown as { totalCount: () => number }).totalCount(),
        }),
      }),
    },
    { name: `${name}Edge`, description: `One of the ${plural} in a page, with its cursor.` },
  );
}
