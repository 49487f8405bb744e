// A writer's worst insert latency while a migration adds a column to the table it writes, and a
// second session holds a conflicting lock (an open transaction that read the table) for a while:
// ob-migrate (its lock-wait guard) against drizzle-orm's migrator, on the same scenario, same run.
//
//   node lock_wait.mjs <postgresql server url> <ob-migrate binary> [--hold-ms 3000] [--rounds 3]
//
// Prints a table, and one JSON line per contender on stderr.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDriver, median, now, requireTool, usage } from './tools.mjs';

const args = process.argv.slice(2);
if (args.length < 2) usage('node lock_wait.mjs <server url> <ob-migrate> [--hold-ms N] [--rounds N]');
const [serverUrl, obMigrate] = args;
const opt = (name, dflt) => { const i = args.indexOf(name); return i > 0 ? Number(args[i + 1]) : dflt; };
const holdMs = opt('--hold-ms', 3000);
const rounds = opt('--rounds', 3);
const pg = requireTool('pg');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withDatabase(url, name) { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); }

function folder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-lockwait-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  fs.writeFileSync(path.join(dir, '0000_add_note.sql'), 'ALTER TABLE "items" ADD COLUMN "note" text;');
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({
    version: '7', dialect: 'postgresql',
    entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_add_note', breakpoints: true }],
  }, null, 2));
  return dir;
}

async function scenario(contender) {
  const name = `ob_lockwait_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const dir = folder();
  const connect = async () => { const c = new pg.Client({ connectionString: url }); await c.connect(); return c; };
  try {
    const setup = await connect();
    await setup.query('CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)');
    await setup.end();
    const reader = await connect();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM items');
    const writer = await connect();
    let stop = false, worst = 0, inserts = 0, migrating = false;
    const writing = (async () => {
      while (!stop) {
        const t0 = now();
        const during = migrating;  // an insert that started while the migration ran counts, whenever it ends
        await writer.query('INSERT INTO items (x) VALUES (1)');
        if (during) { worst = Math.max(worst, now() - t0); inserts++; }
        await sleep(5);
      }
    })();
    await sleep(100);
    migrating = true;
    const m0 = now();
    const migration = contender === 'ob-migrate'
      ? new Promise((resolve, reject) => execFile(obMigrate,
          ['--db-type', 'postgresql', '--url', url, '--dir', dir, 'migrate', '--ddl-lock-timeout', '200',
           '--ddl-retries', '50'], (err, out, errOut) => (err ? reject(new Error(errOut)) : resolve(errOut))))
      : (async () => {
          const driver = loadDriver('postgresql');
          const { db, close } = await driver.open(url);
          await driver.migrate(db, { migrationsFolder: dir });
          await close();
          return '';
        })();
    await sleep(holdMs);
    await reader.query('COMMIT');
    const log = await migration;
    const migrationMs = now() - m0;
    migrating = false;
    stop = true;
    await writing;
    await writer.end();
    await reader.end();
    const retries = (log.match(/waiting for a lock/g) || []).length;
    return { contender, worstInsertMs: worst, inserts, migrationMs, retries };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = { 'ob-migrate': [], 'drizzle-orm': [] };
for (let r = 0; r < rounds; r++) {
  const order = Math.random() < 0.5 ? ['ob-migrate', 'drizzle-orm'] : ['drizzle-orm', 'ob-migrate'];
  for (const c of order) {
    const res = await scenario(c);
    console.error(JSON.stringify(res));
    results[c].push(res);
  }
}
const m = (c, k) => median(results[c].map((x) => x[k]));
console.log(`lock wait: a reader holds "items" for ${holdMs} ms while a migration adds a column; a writer inserts every 5 ms`);
console.log('| migrator | worst insert during the migration | inserts done meanwhile | migration took | retries |');
console.log('|---|---|---|---|---|');
for (const c of ['ob-migrate', 'drizzle-orm'])
  console.log(`| ${c} | ${m(c, 'worstInsertMs').toFixed(0)} ms | ${m(c, 'inserts')} | ${m(c, 'migrationMs').toFixed(0)} ms | ${m(c, 'retries')} |`);
console.log(`ratio of worst inserts (drizzle-orm / ob-migrate): ${(m('drizzle-orm', 'worstInsertMs') / m('ob-migrate', 'worstInsertMs')).toFixed(1)}x (medians of ${rounds} rounds)`);
