import { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { API_KEY_ROLES, type ApiKeyRole, type Caller, roleAtLeast } from './api-keys.js';
import type { ArchiveContext } from './context.js';
import { ErrorCode } from './errors.js';

/** The scopes fields declare (`authScopes: { editor: true }`); each is a role or better. */
export interface ArchiveAuthScopes {
  reader: boolean;
  editor: boolean;
  admin: boolean;
}

const scopeRoles: Record<keyof ArchiveAuthScopes, ApiKeyRole> = {
  reader: 'READER',
  editor: 'EDITOR',
  admin: 'ADMIN',
};

/**
 * What the request's caller may do. Reading is open to anyone unless the archive requires a
 * key for reads; a key that was sent but is malformed, unknown or revoked opens nothing, so a
 * misconfigured client finds out at once rather than on its first write.
 */
export function authScopesOf(ctx: ArchiveContext): ArchiveAuthScopes {
  const { caller } = ctx;
  return {
    reader:
      roleAtLeast(caller, 'READER') ||
      (caller.kind === 'anonymous' && caller.credential === 'none' && !ctx.readsRequireKey),
    editor: roleAtLeast(caller, 'EDITOR'),
    admin: roleAtLeast(caller, 'ADMIN'),
  };
}

/** Why a caller without a valid key was turned away, as the errors say it. */
export const credentialProblems: Record<Exclude<Caller, { kind: 'key' }>['credential'], string> = {
  none: 'This operation needs an API key: send it as "Authorization: Bearer <key>".',
  malformed: 'The Authorization header is not "Bearer <key>" with a key issued by this archive.',
  unknown: 'The API key is not known to this archive.',
  revoked: 'The API key has been revoked.',
};

/** UNAUTHENTICATED when the caller has no valid key, FORBIDDEN when its role falls short. */
export function authorizationError(
  ctx: ArchiveContext,
  failure: AuthFailure,
  info: GraphQLResolveInfo,
): GraphQLError {
  const { caller } = ctx;
  if (caller.kind === 'anonymous')
    return new GraphQLError(credentialProblems[caller.credential], {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  // The type's scope may fail first; the field's own may ask for more: name the higher.
  const needed = highest([...failedRoles(failure), ...declaredRoles(info)]);
  return new GraphQLError(
    `The key "${caller.name}" has the ${caller.role} role; ${info.parentType.name}.${info.fieldName} needs the ${needed ?? 'a higher'} role.`,
    { extensions: { code: ErrorCode.FORBIDDEN, role: caller.role, requiredRole: needed } },
  );
}

function failedRoles(failure: AuthFailure): ApiKeyRole[] {
  if (failure.kind === AuthScopeFailureType.AuthScope)
    return [scopeRoles[failure.scope as keyof ArchiveAuthScopes]].filter(Boolean);
  if (
    failure.kind === AuthScopeFailureType.AllAuthScopes ||
    failure.kind === AuthScopeFailureType.AnyAuthScopes
  )
    return failure.failures.flatMap(failedRoles);
  return [];
}

/** The roles the field itself declares (`authScopes: { admin: true }`). */
function declaredRoles(info: GraphQLResolveInfo): ApiKeyRole[] {
  const field = info.parentType.getFields()[info.fieldName];
  const scopes = (field?.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
  if (!scopes || typeof scopes !== 'object') return [];
  return Object.entries(scopes)
    .filter(([scope, on]) => on === true && scope in scopeRoles)
    .map(([scope]) => scopeRoles[scope as keyof ArchiveAuthScopes]);
}

function highest(roles: ApiKeyRole[]): ApiKeyRole | undefined {
  return roles.sort((a, b) => API_KEY_ROLES.indexOf(b) - API_KEY_ROLES.indexOf(a))[0];
}
