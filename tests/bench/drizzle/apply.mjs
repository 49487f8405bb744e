// drizzle-orm's migrate() applying a whole folder to an empty database, timed inside node.
//
//   node apply.mjs <sqlite|postgresql> <db file|url> <folder>
//
// Prints one JSON line: {"ms": open + migrate() + close}.
import { loadDriver, now, usage } from './tools.mjs';

const [dialect, target, folder] = process.argv.slice(2);
if (!dialect || !target || !folder) usage('node apply.mjs <sqlite|postgresql> <db file|url> <folder>');
const driver = loadDriver(dialect);

const t0 = now();
const { db, close } = await driver.open(target);
await driver.migrate(db, { migrationsFolder: folder });
await close();
console.log(JSON.stringify({ ms: now() - t0 }));
