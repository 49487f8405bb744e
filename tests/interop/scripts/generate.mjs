// Runs the real `drizzle-kit generate` once per schema step, in order, into one migrations folder.
//
//   node generate.mjs <sqlite|postgresql> <out dir> [steps] [--set <name>]
//
// The schema steps are ../schema/<sqlite|postgres>/step<N>.ts, or with --set
// ../schema/<name>/<sqlite|postgres>/step<N>.ts. `steps` limits how many are
// generated (default: all). drizzle-kit never prompts here: no step renames anything, and
// stdin is closed. Exits non-zero, with drizzle-kit's output, when a step fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const argv = process.argv.slice(2);
const setAt = argv.indexOf('--set');
const set = setAt >= 0 ? argv.splice(setAt, 2)[1] : undefined;
const [dialect, outArg, stepsArg] = argv;
const folders = { sqlite: 'sqlite', postgresql: 'postgres' };
if (!folders[dialect] || !outArg) {
  console.error('usage: node generate.mjs <sqlite|postgresql> <out dir> [steps]');
  process.exit(2);
}
const schemaDir = set ? path.join(root, 'schema', set, folders[dialect]) : path.join(root, 'schema', folders[dialect]);
const stepFiles = fs
  .readdirSync(schemaDir)
  .filter((f) => /^step\d+\.ts$/.test(f))
  .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
const steps = stepsArg === undefined ? stepFiles.length : Number(stepsArg);
if (!Number.isInteger(steps) || steps < 1 || steps > stepFiles.length) {
  console.error(`steps must be 1..${stepFiles.length}, got ${stepsArg}`);
  process.exit(2);
}

// drizzle-kit resolves --out relative to its working directory (it prefixes "./"), so run it
// from the output folder's parent with a relative --out.
const out = path.resolve(outArg);
fs.mkdirSync(path.dirname(out), { recursive: true });
const kit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');

for (const file of stepFiles.slice(0, steps)) {
  const args = [kit, 'generate', `--dialect=${dialect}`, `--schema=${path.join(schemaDir, file)}`,
    `--out=${path.basename(out)}`];
  const r = spawnSync(process.execPath, args, { cwd: path.dirname(out), stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8' });
  // drizzle-kit can report an error and still exit 0; a step must add exactly one journal entry.
  const journal = path.join(out, 'meta', '_journal.json');
  const entries = fs.existsSync(journal) ? JSON.parse(fs.readFileSync(journal, 'utf8')).entries.length : 0;
  const expected = stepFiles.indexOf(file) + 1;
  if (r.status !== 0 || entries !== expected || /error/i.test(r.stderr)) {
    console.error(`drizzle-kit generate failed for ${file} (exit ${r.status}, ${entries} journal entries, ` +
      `expected ${expected})\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
}
console.log(`generated ${steps} migrations into ${out}`);
