// Runs the real `drizzle-kit generate` for a TypeScript schema on a copy of a migrations folder
// and fails unless drizzle-kit finds nothing to do (its last snapshot already is that schema).
//
//   node no-changes.mjs <sqlite|postgresql> <folder> <schema.ts>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const [dialect, folder, schema] = process.argv.slice(2);
if (!dialect || !folder || !schema) {
  console.error('usage: node no-changes.mjs <sqlite|postgresql> <folder> <schema.ts>');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-migrate-no-changes-'));
const copy = path.join(tmp, 'migrations');
fs.cpSync(path.resolve(folder), copy, { recursive: true });
const journal = () => JSON.parse(fs.readFileSync(path.join(copy, 'meta', '_journal.json'), 'utf8')).entries.length;
const before = journal();
const kit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
const r = spawnSync(process.execPath, [kit, 'generate', `--dialect=${dialect}`, `--schema=${path.resolve(schema)}`,
  '--out=migrations'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const after = journal();
fs.rmSync(tmp, { recursive: true, force: true });
if (r.status !== 0 || after !== before || !/No schema changes/.test(r.stdout)) {
  console.error(`drizzle-kit found changes (exit ${r.status}, ${before} -> ${after} journal entries)\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
console.log('drizzle-kit: no schema changes');
