import { main } from './index.js';

// `npm run db:seed`: the same as `archive seed`.
process.exitCode = await main(['seed', ...process.argv.slice(2)]);
