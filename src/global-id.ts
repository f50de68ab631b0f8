import { userInputError } from './errors.js';

/** The record types that have global IDs. */
export const NODE_TYPES = ['Document', 'Person', 'Topic'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

export function encodeArchiveId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/**
 * Decodes a global ID, refusing anything that is not one of ours: clients get a
 * BAD_USER_INPUT error instead of an empty result they might mistake for "not found".
 */
export function decodeArchiveId(globalID: string): { typename: NodeTypeName; id: string } {
  const text =
    /^[A-Za-z0-9+/]+={0,2}$/.test(globalID) && globalID.length <= 64
      ? Buffer.from(globalID, 'base64').toString('utf8')
      : '';
  const match = /^(Document|Person|Topic):([1-9][0-9]{0,15})$/.exec(text);
  if (!match) throw userInputError(`Invalid ID "${truncate(globalID)}": not an ID of this API.`);
  return { typename: match[1] as NodeTypeName, id: match[2] as string };
}

/** Decodes a global ID that must name a record of `expected` type; returns its row id. */
export function decodeIdOf(expected: NodeTypeName, globalID: string, argument = 'id'): number {
  const { typename, id } = decodeArchiveId(globalID);
  if (typename !== expected)
    throw userInputError(`Argument "${argument}" must be a ${expected} ID, got a ${typename} ID.`);
  return Number(id);
}

/** Like {@link decodeIdOf}, but says what is wrong instead of throwing (for input validation). */
export function parseIdOf(expected: NodeTypeName, globalID: string): { id: number } | { problem: string } {
  let decoded: ReturnType<typeof decodeArchiveId>;
  try {
    decoded = decodeArchiveId(globalID);
  } catch {
    return { problem: `"${truncate(globalID)}" is not an ID of this API` };
  }
  if (decoded.typename !== expected)
    return { problem: `must be a ${expected} ID, got a ${decoded.typename} ID` };
  return { id: Number(decoded.id) };
}

export function truncate(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
