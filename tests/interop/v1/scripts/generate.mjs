// Runs the pinned drizzle-kit 1.0 beta's `generate` once per schema step into one folder
// (Drizzle 1.0 layout: <timestamp>_<name>/migration.sql + snapshot.json).
//
//   node generate.mjs <sqlite|postgresql> <out dir> [steps]
//
// The steps are ../../schema/<sqlite|postgres>/step<N>.ts, copied beside this package so that
// they import drizzle-orm 1.0. drizzle-kit 1.0 names a migration after the current second, so
// steps are spaced a second apart.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const [dialect, outArg, stepsArg] = process.argv.slice(2);
const folders = { sqlite: 'sqlite', postgresql: 'postgres' };
if (!folders[dialect] || !outArg) {
  console.error('usage: node generate.mjs <sqlite|postgresql> <out dir> [steps]');
  process.exit(2);
}
const source = path.join(root, '..', 'schema', folders[dialect]);
const stepFiles = fs.readdirSync(source).filter((f) => /^step\d+\.ts$/.test(f))
  .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
const steps = stepsArg === undefined ? stepFiles.length : Number(stepsArg);
fs.mkdirSync(path.join(root, '.work'), { recursive: true });
const schemaDir = fs.mkdtempSync(path.join(root, '.work', `schema-${os.userInfo().username}-`));
const out = path.resolve(outArg);
fs.mkdirSync(path.dirname(out), { recursive: true });
const kit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
const count = () => (fs.existsSync(out) ? fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, 'migration.sql'))).length : 0);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
try {
  for (const [i, file] of stepFiles.slice(0, steps).entries()) {
    fs.copyFileSync(path.join(source, file), path.join(schemaDir, file));
    const before = count();
    if (i > 0) sleep(1100);
    const r = spawnSync(process.execPath, [kit, 'generate', `--dialect=${dialect}`, `--schema=${path.join(schemaDir, file)}`,
      `--out=${path.basename(out)}`], { cwd: path.dirname(out), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0 || count() !== before + 1 || /error/i.test(r.stderr)) {
      console.error(`drizzle-kit 1.0 generate failed for ${file} (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
      process.exit(1);
    }
  }
} finally {
  fs.rmSync(schemaDir, { recursive: true, force: true });
}
console.log(`generated ${steps} migrations into ${out}`);
