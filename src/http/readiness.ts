import { useReadinessCheck } from 'graphql-yoga';
import { type ArchiveDatabase, pendingMigrations } from '../../db/client.js';

/**
 * `/ready`: 200 when the database answers and every migration on disk is applied, 503 otherwise
 * (a load balancer then sends no traffic here), and 503 while the server drains for shutdown. `/health` (yoga's) only says the process is up.
 */
export function useDatabaseReadiness(db: ArchiveDatabase, draining: () => boolean = () => false) {
  return useReadinessCheck({
    endpoint: '/ready',
    check: () => {
      const problem = draining() ? 'shutting down' : databaseProblem(db);
      return new Response(JSON.stringify(problem ? { ready: false, reason: problem } : { ready: true }), {
        status: problem ? 503 : 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    },
  });
}

function databaseProblem(db: ArchiveDatabase): string | null {
  try {
    db.$client.prepare('select 1').get();
  } catch {
    return 'database unreachable';
  }
  try {
    const pending = pendingMigrations(db);
    return pending.length ? `${pending.length} migration(s) not applied` : null;
  } catch {
    return 'migrations unreadable';
  }
}
