// drizzle-orm's migrate() with nothing to do, timed inside the node process.
//
//   node boot.mjs <sqlite|postgresql> <db file|url> <folder> [warm calls, default 30]
//
// The database must already hold every migration of <folder>. Prints one JSON line:
//   {"first_ms": open the connection + the first migrate() (modules already loaded),
//    "warm_ms": median of the following migrate() calls on the same connection}
import { loadDriver, median, now, usage } from './tools.mjs';

const [dialect, target, folder, warmArg] = process.argv.slice(2);
if (!dialect || !target || !folder) usage('node boot.mjs <sqlite|postgresql> <db file|url> <folder> [warm calls]');
const warmCalls = warmArg === undefined ? 30 : Number(warmArg);
const driver = loadDriver(dialect);
const config = { migrationsFolder: folder };

const t0 = now();
const { db, close } = await driver.open(target);
await driver.migrate(db, config);
const first = now() - t0;
const warm = [];
for (let i = 0; i < warmCalls; ++i) {
  const t = now();
  await driver.migrate(db, config);
  warm.push(now() - t);
}
await close();
console.log(JSON.stringify({ first_ms: first, warm_ms: median(warm) }));
