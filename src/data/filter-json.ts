import { coerceInputValue, type GraphQLInputObjectType } from 'graphql';
import { userInputError } from '../errors.js';
import { compileDocumentFilter, type DocumentFilterInput } from '../schema/document-filter.js';
import { schema } from '../schema/index.js';

/**
 * Reads a DocumentFilter written as JSON (the CLI's `--filter`, the export endpoint's
 * `?filter=`) exactly as GraphQL reads the `filter` argument: same type, same defaults, same
 * checks. Throws BAD_USER_INPUT naming the offending field.
 */
export function parseDocumentFilterJson(
  text: string | null | undefined,
  field = 'filter',
): DocumentFilterInput | null {
  if (text == null || text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw userInputError(`${field} is not valid JSON: ${(error as Error).message}`, { field });
  }
  if (value === null) return null;
  const type = schema.getType('DocumentFilter') as GraphQLInputObjectType;
  const problems: string[] = [];
  const filter = coerceInputValue(value, type, (path, _invalid, error) => {
    problems.push(`${[field, ...path].join('.')}: ${error.message}`);
  }) as DocumentFilterInput;
  if (problems.length) throw userInputError(problems.join(' '), { field });
  compileDocumentFilter(filter, field);
  return filter;
}
