import { main } from './index.js';

// `npm run db:migrate`: the same as `archive migrate`.
process.exitCode = await main(['migrate', ...process.argv.slice(2)]);
