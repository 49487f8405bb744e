// Applies a Drizzle 1.0 migrations folder with the pinned drizzle-orm 1.0 beta's migrator.
//
//   node migrate.mjs sqlite <db file> <folder>      (drizzle-orm/libsql over @libsql/client)
//   node migrate.mjs postgresql <url> <folder>      (drizzle-orm/node-postgres over pg)
//
// pg and @libsql/client come from ../../node_modules (the 0.x interop package).
const [dialect, target, folder] = process.argv.slice(2);
if (!['sqlite', 'postgresql'].includes(dialect) || !target || !folder) {
  console.error('usage: node migrate.mjs <sqlite|postgresql> <db file|url> <folder>');
  process.exit(2);
}
if (dialect === 'sqlite') {
  const { createClient } = await import('@libsql/client');
  const { drizzle } = await import('drizzle-orm/libsql');
  const { migrate } = await import('drizzle-orm/libsql/migrator');
  const client = createClient({ url: `file:${target}` });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  } finally {
    client.close();
  }
} else {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const client = new pg.Client({ connectionString: target });
  try {
    await client.connect();
    await client.query('SET client_min_messages = warning');
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  } finally {
    await client.end();
  }
}
