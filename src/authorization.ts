import { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { type ApiKeyRole, type Caller, roleAtLeast } from './api-keys.js';
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

const credentialProblems: Record<Exclude<Caller, { kind: 'key' }>['credential'], string> = {
  none: 'This operation needs an API key: send it as "Authorization: Bearer <key>".',
  malformed: 'The Authorization header is not "Bearer <key>" with a key issued by this archive.',
  unknown: 'The API key is not known to this archive.',
  revoked: 'The API key has been revoked.',
};

/** UNAUTHENTICATED when the caller has no valid key, FORBIDDEN when its role falls short. */
export function authorizationError(ctx: ArchiveContext, failure: AuthFailure, field: string): GraphQLError {
  const { caller } = ctx;
  if (caller.kind === 'anonymous')
    return new GraphQLError(credentialProblems[caller.credential], {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  const needed = requiredRole(failure) ?? 'a higher';
  return new GraphQLError(
    `The key "${caller.name}" has the ${caller.role} role; ${field} needs the ${needed} role.`,
    { extensions: { code: ErrorCode.FORBIDDEN, role: caller.role, requiredRole: requiredRole(failure) } },
  );
}

function requiredRole(failure: AuthFailure): ApiKeyRole | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope)
    return scopeRoles[failure.scope as keyof ArchiveAuthScopes];
  if (
    failure.kind === AuthScopeFailureType.AllAuthScopes ||
    failure.kind === AuthScopeFailureType.AnyAuthScopes
  )
    for (const child of failure.failures) {
      const role = requiredRole(child);
      if (role) return role;
    }
  return undefined;
}
