// Shared by the Drizzle side of the benchmarks: loads drizzle-orm and its drivers from the one
// install in tests/interop/node_modules (`npm ci --prefix tests/interop`), and small timing helpers.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const interopDir = path.resolve(here, '..', '..', 'interop');
export const requireTool = createRequire(path.join(interopDir, 'package.json'));

/// drizzle-orm's migrator for a dialect: { open(target) -> { db, close() }, migrate(db, config) }.
/// sqlite: drizzle-orm/libsql over @libsql/client (a native SQLite); postgresql: node-postgres.
export function loadDriver(dialect) {
  if (dialect === 'sqlite') {
    const { createClient } = requireTool('@libsql/client');
    const { drizzle } = requireTool('drizzle-orm/libsql');
    const { migrate } = requireTool('drizzle-orm/libsql/migrator');
    return {
      async open(file) {
        const client = createClient({ url: `file:${file}` });
        return { db: drizzle(client), close: async () => client.close() };
      },
      migrate,
    };
  }
  if (dialect === 'postgresql') {
    const pg = requireTool('pg');
    const { drizzle } = requireTool('drizzle-orm/node-postgres');
    const { migrate } = requireTool('drizzle-orm/node-postgres/migrator');
    return {
      async open(url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query('SET client_min_messages = warning');  // no NOTICEs for IF NOT EXISTS
        return { db: drizzle(client), close: async () => client.end() };
      },
      migrate,
    };
  }
  throw new Error(`unknown dialect ${dialect} (sqlite or postgresql)`);
}

export const now = () => performance.now();

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function usage(text) {
  console.error(`usage: ${text}`);
  process.exit(2);
}
