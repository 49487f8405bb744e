// Shared by the migrate-*.mjs scripts: a migrations folder limited to its first N journal entries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/// Returns { folder, cleanup }: `dir` itself when `count` is undefined, otherwise a temporary copy
/// holding meta/_journal.json with only the first `count` entries and those entries' .sql files.
export function firstEntries(dir, count) {
  if (count === undefined) return { folder: dir, cleanup() {} };
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
  if (!Number.isInteger(count) || count < 0 || count > journal.entries.length) {
    throw new Error(`count must be 0..${journal.entries.length}, got ${count}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-migrate-interop-'));
  fs.mkdirSync(path.join(tmp, 'meta'));
  journal.entries = journal.entries.slice(0, count);
  for (const e of journal.entries) fs.copyFileSync(path.join(dir, `${e.tag}.sql`), path.join(tmp, `${e.tag}.sql`));
  fs.writeFileSync(path.join(tmp, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  return { folder: tmp, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/// Parses `[--count N] [--foreign-keys-on] positional...` into { count, foreignKeysOn, positional }.
export function parseArgs(argv) {
  const out = { count: undefined, foreignKeysOn: false, positional: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--count') out.count = Number(argv[++i]);
    else if (argv[i] === '--foreign-keys-on') out.foreignKeysOn = true;
    else out.positional.push(argv[i]);
  }
  return out;
}
