import type { ArchiveDatabase } from '../db/client.js';
import type { Caller } from './api-keys.js';

/** What every resolver receives; built once per request by the yoga factory. */
export interface ArchiveContext {
  db: ArchiveDatabase;
  /** Who sent the request, decided once from its `Authorization` header. */
  caller: Caller;
  /** When true, reading needs a key too (the READER role or above). */
  readsRequireKey: boolean;
}
