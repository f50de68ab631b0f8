import { serve } from './cli/serve.js';

// `npm start`: the same server as `archive serve`, configured by PORT, HOST, ARCHIVE_DB and the
// ARCHIVE_* settings (src/config.ts).
await serve();
