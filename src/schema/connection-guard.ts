import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { MAX_PAGE_SIZE } from '../builder.js';
import { userInputError } from '../errors.js';

/**
 * Refuses page arguments the connection helpers would otherwise clamp or ignore silently:
 * a page above the cap, a negative page, `first` with `last`, and cursors that are not ours.
 * Applied to every field that takes `first`/`last`, so no connection can forget it.
 */
export function guardConnectionArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const names = new Set(field.args.map((a) => a.name));
      if (!names.has('first') || !names.has('last')) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkPageArguments(args as PageArguments);
        checkCursorOrder(args as PageArguments & { orderBy?: { field?: string } | null });
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

interface PageArguments {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export function checkPageArguments({ first, last, after, before }: PageArguments) {
  if (first != null && last != null)
    throw userInputError('Give "first" or "last", not both.', { argument: 'first' });
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE))
      throw userInputError(`"${name}" must be between 0 and ${MAX_PAGE_SIZE}, got ${value}.`, {
        argument: name,
      });
  }
  for (const [name, value] of [
    ['after', after],
    ['before', before],
  ] as const) {
    if (value != null && !isWellFormedCursor(value))
      throw userInputError(`"${name}" is not a cursor returned by this API.`, { argument: name });
  }
}

const DATE_KEY = /^S:(\d{4}-\d{2}-\d{2}|9999-99-99|)$/;

/**
 * A document list's cursor holds the value of the key it was ordered by (a date key or a
 * lower-cased title) and the id. Passed back under the other ordering it would name a
 * meaningless position, so it is refused. (A title that is itself an ISO date would look like
 * a date key; no catalogued title does.)
 */
function checkCursorOrder({
  after,
  before,
  orderBy,
}: PageArguments & { orderBy?: { field?: string } | null }) {
  const field = orderBy?.field;
  if (field !== 'DATE' && field !== 'TITLE') return;
  for (const [name, value] of [
    ['after', after],
    ['before', before],
  ] as const) {
    if (value == null) continue;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (!decoded.startsWith('DC:T:')) continue;
    const key = (JSON.parse(decoded.slice('DC:T:'.length)) as string[])[0] ?? '';
    if (DATE_KEY.test(key) !== (field === 'DATE'))
      throw userInputError(
        `"${name}" is a cursor of a list in another order; page with the orderBy it came from.`,
        { argument: name },
      );
  }
}

/**
 * Cursors are base64 of a tagged form. The Drizzle connections' form is `DC:T:[...]`, a tuple
 * of the ordering values that always ends with the record id, or `DC:N:<id>` when the id is
 * the whole ordering; other connections may use their own `TAG:` form and check it themselves.
 */
function isWellFormedCursor(cursor: string): boolean {
  if (cursor.length > 2048 || !/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return false;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith('DC:')) return /^[A-Z]{2,}:/.test(decoded);
  // A connection ordered by its primary key alone (the audit log) has a one-value cursor.
  if (/^DC:N:[1-9][0-9]*$/.test(decoded)) return true;
  if (!decoded.startsWith('DC:T:')) return false;
  try {
    const values: unknown = JSON.parse(decoded.slice('DC:T:'.length));
    return (
      Array.isArray(values) &&
      values.length >= 2 &&
      values.every((v) => typeof v === 'string' && /^[A-Z]:/.test(v)) &&
      /^N:[1-9][0-9]*$/.test(values[values.length - 1] as string)
    );
  } catch {
    return false;
  }
}
