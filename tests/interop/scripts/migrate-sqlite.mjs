// Applies a Drizzle Kit migrations folder to a SQLite file with drizzle-orm's own migrator.
//
//   node migrate-sqlite.mjs <libsql|sql-js> <db file> <folder> [--count N] [--foreign-keys-on]
//
// libsql: drizzle-orm/libsql/migrator over @libsql/client (a native SQLite build shipped in npm).
// sql-js: drizzle-orm/sql-js/migrator over sql.js (SQLite compiled to WebAssembly): the same
//   synchronous migrator drizzle-orm uses for better-sqlite3 (BEGIN; every statement; COMMIT).
//   sql.js works on an in-memory copy, so the file is read first and written back afterwards.
// --count N applies only the first N journal entries. --foreign-keys-on runs
// `PRAGMA foreign_keys=ON` on the connection first, as an application would.
import fs from 'node:fs';
import { firstEntries, parseArgs } from './folder.mjs';

const args = parseArgs(process.argv.slice(2));
const [driver, dbFile, dir] = args.positional;
if (!['libsql', 'sql-js'].includes(driver) || !dbFile || !dir) {
  console.error('usage: node migrate-sqlite.mjs <libsql|sql-js> <db file> <folder> [--count N] [--foreign-keys-on]');
  process.exit(2);
}

const { folder, cleanup } = firstEntries(dir, args.count);
try {
  if (driver === 'libsql') {
    const { createClient } = await import('@libsql/client');
    const { drizzle } = await import('drizzle-orm/libsql');
    const { migrate } = await import('drizzle-orm/libsql/migrator');
    const client = createClient({ url: `file:${dbFile}` });
    if (args.foreignKeysOn) await client.execute('PRAGMA foreign_keys=ON');
    await migrate(drizzle(client), { migrationsFolder: folder });
    client.close();
  } else {
    const initSqlJs = (await import('sql.js')).default;
    const { drizzle } = await import('drizzle-orm/sql-js');
    const { migrate } = await import('drizzle-orm/sql-js/migrator');
    const SQL = await initSqlJs();
    const db = new SQL.Database(fs.existsSync(dbFile) ? fs.readFileSync(dbFile) : undefined);
    if (args.foreignKeysOn) db.run('PRAGMA foreign_keys=ON');
    migrate(drizzle(db), { migrationsFolder: folder });
    fs.writeFileSync(dbFile, db.export());
    db.close();
  }
} finally {
  cleanup();
}
