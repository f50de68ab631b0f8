import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.ARCHIVE_DB ?? 'db/archive.sqlite' },
  // The full-text index's virtual and shadow tables are managed by hand-written migrations.
  tablesFilter: ['!documents_fts*'],
});
