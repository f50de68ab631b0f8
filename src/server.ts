import { databaseFileFromEnv } from './app-database.js';
import { configFromEnv } from './config.js';
import { serve } from './http/serve.js';

await serve({
  file: databaseFileFromEnv(),
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? '127.0.0.1',
  config: configFromEnv(),
});
