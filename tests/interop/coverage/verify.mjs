// Applies the committed fixture folders with drizzle-orm's own migrators, first entry 0000_v1
// alone and then 0001_v2, and prints what the database holds afterwards:
//
//   node coverage/verify.mjs [postgresql|sqlite]...   (from tests/interop; default: both)
//
// PostgreSQL: a fresh database coverage_verify_<pid> on OB_MIGRATE_TEST_PG_URL (default: the
// shared dev server), dropped afterwards together with the roles the fixture creates (roles are
// global to the cluster). SQLite: fresh files under the OS temp dir, once with libsql and once
// with sql.js (drizzle-orm's synchronous migrator).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = path.resolve(here, '..', 'scripts');
const dialects = process.argv.length > 2 ? process.argv.slice(2) : ['postgresql', 'sqlite'];
const roles = ['coverage_auditor', 'coverage_reader'];

function run(script, args) {
  const r = spawnSync(process.execPath, [path.join(scripts, script), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
}

async function verifyPostgres() {
  const pg = (await import('pg')).default;
  const base = process.env.OB_MIGRATE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:55432/postgres';
  const name = `coverage_verify_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const folder = path.join(here, 'drizzle-postgresql');
    run('migrate-postgres.mjs', [url.href, folder, '--count', '1']);
    console.log('postgresql: 0000_v1 applied');
    run('migrate-postgres.mjs', [url.href, folder]);
    console.log('postgresql: 0001_v2 applied');
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    const q = async (label, sql) => {
      const rows = (await db.query(sql)).rows;
      console.log(`  ${label}: ${rows.map((r) => Object.values(r).join(' ')).join('; ')}`);
    };
    await q('tables', `select table_schema||'.'||table_name from information_schema.tables
      where table_schema in ('public','billing') and table_type = 'BASE TABLE' order by 1`);
    await q('views', `select schemaname||'.'||viewname from pg_views where schemaname in ('public','billing')
      union all select schemaname||'.'||matviewname||' (materialized, populated='||ispopulated||')' from pg_matviews order by 1`);
    await q('sequences', `select schemaname||'.'||sequencename||' start '||start_value||' inc '||increment_by||
      ' min '||min_value||' max '||max_value||' cache '||cache_size||' cycle '||cycle
      from pg_sequences where schemaname in ('public','billing') order by 1`);
    await q('indexes', `select count(*)||' in public+billing' from pg_indexes where schemaname in ('public','billing')`);
    await q('policies', `select schemaname||'.'||tablename||'.'||policyname||' '||permissive||' '||cmd||' to '||array_to_string(roles, ',')
      from pg_policies order by 1`);
    await q('rls', `select relnamespace::regnamespace||'.'||relname from pg_class where relrowsecurity order by 1`);
    await q('roles', `select rolname||' createdb='||rolcreatedb||' createrole='||rolcreaterole||' inherit='||rolinherit
      from pg_roles where rolname like 'coverage\\_%' order by 1`);
    await db.end();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  }
}

async function verifySqlite() {
  const folder = path.join(here, 'drizzle-sqlite');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-verify-'));
  try {
    for (const driver of ['libsql', 'sql-js']) {
      const file = path.join(tmp, `${driver}.db`);
      run('migrate-sqlite.mjs', [driver, file, folder, '--count', '1', '--foreign-keys-on']);
      run('migrate-sqlite.mjs', [driver, file, folder, '--foreign-keys-on']);
      const { createClient } = await import('@libsql/client');
      const client = createClient({ url: `file:${file}` });
      const rows = (await client.execute(`select type, name from sqlite_master
        where name not like 'sqlite_%' and name not like '__drizzle%' order by type, name`)).rows;
      const check = (await client.execute('PRAGMA foreign_key_check')).rows.length;
      const integrity = (await client.execute('PRAGMA integrity_check')).rows[0][0];
      client.close();
      console.log(`sqlite (${driver}): 0000_v1 then 0001_v2 applied; foreign_key_check ${check} rows; integrity ${integrity}`);
      console.log(`  ${rows.map((r) => `${r.type} ${r.name}`).join('; ')}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

for (const dialect of dialects) {
  if (dialect === 'postgresql') await verifyPostgres();
  else if (dialect === 'sqlite') await verifySqlite();
  else { console.error(`unknown dialect ${dialect}`); process.exit(2); }
}
