import { serve } from './cli/serve.js';
import { ListenError } from './http/serve.js';

// `npm start`: the same server as `archive serve`, configured by PORT, HOST, ARCHIVE_DB and the
// ARCHIVE_* settings (src/config.ts).
try {
  await serve();
} catch (error) {
  if (!(error instanceof ListenError)) throw error;
  console.error(error.message);
  process.exit(1);
}
