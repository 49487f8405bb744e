// Regenerates the committed fixture folders with the pinned drizzle-kit 0.31.11:
//
//   node coverage/generate.mjs [postgresql|sqlite]...   (from tests/interop; default: both)
//
// For each dialect it deletes drizzle-<dialect>/ and runs `drizzle-kit generate` on <dialect>/v1.ts
// then <dialect>/v2.ts (tags 0000_v1, 0001_v2). Nothing in v1 -> v2 is a rename, so drizzle-kit
// never prompts (stdin is closed). Fails, with drizzle-kit's output, unless every run adds
// exactly one journal entry.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kit = path.resolve(here, '..', 'node_modules', 'drizzle-kit', 'bin.cjs');
const dialects = process.argv.length > 2 ? process.argv.slice(2) : ['postgresql', 'sqlite'];

for (const dialect of dialects) {
  if (!['postgresql', 'sqlite'].includes(dialect)) {
    console.error(`unknown dialect ${dialect}`);
    process.exit(2);
  }
  const out = `drizzle-${dialect}`;
  fs.rmSync(path.join(here, out), { recursive: true, force: true });
  ['v1', 'v2'].forEach((version, i) => {
    const env = { ...process.env, COVERAGE_DIALECT: dialect, COVERAGE_SCHEMA: `./${dialect}/${version}.ts`,
      COVERAGE_OUT: `./${out}` };
    const r = spawnSync(process.execPath, [kit, 'generate', '--config=drizzle.config.ts', `--name=${version}`],
      { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const journal = path.join(here, out, 'meta', '_journal.json');
    const entries = fs.existsSync(journal) ? JSON.parse(fs.readFileSync(journal, 'utf8')).entries.length : 0;
    if (r.status !== 0 || entries !== i + 1 || /error/i.test(r.stderr)) {
      console.error(`drizzle-kit generate failed for ${dialect}/${version}.ts (exit ${r.status}, ` +
        `${entries} journal entries, expected ${i + 1})\n${r.stdout}\n${r.stderr}`);
      process.exit(1);
    }
    process.stdout.write(r.stdout);
  });
}
