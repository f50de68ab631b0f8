import { createHash } from 'node:crypto';

interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

/** The client's address: the socket peer, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientAddress(request: Request, serverContext: object, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return (serverContext as NodeServerContext).req?.socket?.remoteAddress ?? 'in-process';
}

/**
 * Whom a request counts against: the API key it presents (a bearer token, kept only as a hash) or,
 * without one, the client address. A forged token only earns its own bucket, never another's.
 */
export function clientKey(request: Request, serverContext: object, trustProxy: boolean): string {
  const authorization = request.headers.get('authorization');
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (token) return `key:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  return `addr:${clientAddress(request, serverContext, trustProxy)}`;
}
