// `drizzle-kit generate` on a schema written by workloads/gen_schema.py, timed as a process.
//
//   node generate.mjs <schema dir> [expected new migrations, default 1]
//
// <schema dir> holds schema.ts and drizzle.config.ts; the migration goes to <schema dir>/drizzle.
// Prints one JSON line: {"ms": wall time of the drizzle-kit process}. Exits 1 when drizzle-kit
// fails or does not write the expected number of migrations (0: "nothing changed").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { interopDir, now, usage } from './tools.mjs';

const [dirArg, expectArg] = process.argv.slice(2);
if (!dirArg) usage('node generate.mjs <schema dir> [expected new migrations]');
const expected = expectArg === undefined ? 1 : Number(expectArg);
const dir = path.resolve(dirArg);
const kit = path.join(interopDir, 'node_modules', 'drizzle-kit', 'bin.cjs');
const journal = path.join(dir, 'drizzle', 'meta', '_journal.json');
const before = fs.existsSync(journal) ? JSON.parse(fs.readFileSync(journal, 'utf8')).entries.length : 0;

const t0 = now();
const r = spawnSync(process.execPath, [kit, 'generate', '--config=drizzle.config.ts'],
  { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
    // schema.ts imports drizzle-orm: resolve it from the interop install, wherever the schema is.
    env: { ...process.env, NODE_PATH: path.join(interopDir, 'node_modules') } });
const ms = now() - t0;
const after = fs.existsSync(journal) ? JSON.parse(fs.readFileSync(journal, 'utf8')).entries.length : 0;
if (r.status !== 0 || /error/i.test(r.stderr) || after !== before + expected) {
  console.error(`drizzle-kit generate failed (exit ${r.status}, ${after - before} new migrations, expected ${expected})\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
console.log(JSON.stringify({ ms, migrations: after - before }));
