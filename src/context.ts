import type { ArchiveDatabase } from '../db/client.js';

/** What every resolver receives; built once per request by the yoga factory. */
export interface ArchiveContext {
  db: ArchiveDatabase;
}
