// The pinned drizzle-kit 1.0 beta's `up`: converts a Drizzle 0.x folder (meta/_journal.json) to
// the 1.0 layout in place.
//
//   node up.mjs <sqlite|postgresql> <folder>
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [dialect, dirArg] = process.argv.slice(2);
if (!['sqlite', 'postgresql'].includes(dialect) || !dirArg) {
  console.error('usage: node up.mjs <sqlite|postgresql> <folder>');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const kit = path.join(here, '..', 'node_modules', 'drizzle-kit', 'bin.cjs');
const r = spawnSync(process.execPath, [kit, 'up', `--dialect=${dialect}`, `--out=${path.basename(dir)}`],
  { cwd: path.dirname(dir), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.status !== 0 || /error/i.test(r.stderr)) {
  console.error(`drizzle-kit 1.0 up failed (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
