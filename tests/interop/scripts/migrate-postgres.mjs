// Applies a Drizzle Kit migrations folder to PostgreSQL with drizzle-orm/node-postgres/migrator.
//
//   node migrate-postgres.mjs <url> <folder> [--count N]
import { firstEntries, parseArgs } from './folder.mjs';

const args = parseArgs(process.argv.slice(2));
const [url, dir] = args.positional;
if (!url || !dir) {
  console.error('usage: node migrate-postgres.mjs <url> <folder> [--count N]');
  process.exit(2);
}

const pg = (await import('pg')).default;
const { drizzle } = await import('drizzle-orm/node-postgres');
const { migrate } = await import('drizzle-orm/node-postgres/migrator');

const { folder, cleanup } = firstEntries(dir, args.count);
const client = new pg.Client({ connectionString: url });
try {
  await client.connect();
  await client.query('SET client_min_messages = warning');  // no NOTICEs for IF NOT EXISTS
  await migrate(drizzle(client), { migrationsFolder: folder });
} finally {
  await client.end();
  cleanup();
}
