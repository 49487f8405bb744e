// Opens ob-migrate studio in Debian's headless Chromium (through playwright-core, never a browser
// download) and checks what a person would see: tables with row counts, a table's columns and
// rows, paging, sorting, filtering, a long value shown whole, the structure, the migration
// history and the drift page. Saves screenshots. Exits 0 when every check passes, else 1 with
// the reason on stderr.
//
//   node check_page.mjs <expectations.json>
//
// expectations.json: {url, screenshotDir, chromium, tables: [{name, schema, rows}],
//   table: {name, schema, columns: [..], rows, sortColumn, filterColumn, filterValue, longColumn,
//           longLength, foreignKeyTo}, migrations: [{tag, state}], driftKinds: [..],
//   edit: {column, value} (the studio runs with --allow-write: edit row 0's cell through the page),
//   databaseFile: (SQLite) a file to move away and back: the page must show the outage and recover}
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const expect = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const deadline = setTimeout(() => fail('the whole check took longer than 150 s'), 150_000);

function fail(message) {
  console.error('FAIL: ' + message);
  process.exit(1);  // playwright-core ends the browser it launched
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
const step = (name) => console.log('- ' + name);

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-studio-chromium-'));
let context;
let page;
let failure = null;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: expect.chromium || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  // Everything stays on the studio's address.
  const origin = new URL(expect.url).origin;
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push('request off the studio: ' + r.url());
  });
  const shot = async (name) => {
    const file = path.join(expect.screenshotDir, name + '.png');
    await page.screenshot({ path: file, fullPage: false });
    console.log('  screenshot ' + file);
  };
  const t = expect.table;
  const label = (schema, name) => (schema && schema !== 'public' ? schema + '.' + name : name);

  step('open the printed URL');
  await page.goto(expect.url);
  await page.waitForSelector('#tables a[data-table]');
  check(!page.url().includes('token='), 'the token stays in the address bar: ' + page.url());

  step('tables with row counts');
  const listed = await page.$$eval('#tables a[data-table]', (as) => as.map((a) => ({
    name: a.dataset.table, schema: a.dataset.schema, rows: a.querySelector('.count').textContent,
  })));
  check(listed.length === expect.tables.length,
    `the sidebar lists ${listed.length} tables, expected ${expect.tables.length}: ${JSON.stringify(listed)}`);
  for (const want of expect.tables) {
    const got = listed.find((l) => l.name === want.name && l.schema === want.schema);
    check(got, `table ${want.name} is not in the sidebar: ${JSON.stringify(listed)}`);
    check(got.rows.replace(/,/g, '') === String(want.rows), `table ${want.name} shows ${got.rows} rows, expected ${want.rows}`);
  }
  await page.waitForSelector('#overview-tables');
  await shot('overview');

  step(`rows of ${t.name}`);
  await page.click(`#tables a[data-table="${t.name}"][data-schema="${t.schema}"]`);
  await page.waitForSelector('#rows tbody tr[data-row]');
  const headers = await page.$$eval('#rows thead th a.sort', (as) => as.map((a) => a.firstChild.textContent));
  check(JSON.stringify(headers) === JSON.stringify(t.columns), `row grid columns ${JSON.stringify(headers)}, expected ${JSON.stringify(t.columns)}`);
  const pages = Math.max(1, Math.ceil(t.rows / 50));
  const info = () => page.textContent('#page-info');
  check((await info()).startsWith(`Page 1 of ${pages}`), 'pager says ' + (await info()));
  check(await page.$$eval('#rows tbody tr[data-row]', (r) => r.length) === Math.min(50, t.rows), 'the first page does not hold 50 rows');
  await shot('rows');

  step('next page');
  const firstCell = () => page.textContent('#rows tbody tr[data-row="0"] td[data-column]');
  const before = await firstCell();
  await page.click('#pager .next-page');
  await page.waitForFunction((p) => document.querySelector('#page-info')?.textContent.startsWith(`Page 2 of ${p}`), pages);
  check(await firstCell() !== before, 'page 2 starts with the same row as page 1');
  check(await page.$$eval('#rows tbody tr[data-row]', (r) => r.length) === Math.min(50, t.rows - 50), 'page 2 has the wrong number of rows');
  await page.click('#pager .prev-page');
  await page.waitForFunction(() => document.querySelector('#page-info')?.textContent.startsWith('Page 1 '));

  step(`sort by ${t.sortColumn}`);
  const sortLink = page.locator('#rows thead th a.sort', { hasText: t.sortColumn }).first();
  await sortLink.click();
  await page.waitForSelector('#rows thead th[aria-sort="ascending"]');
  await page.locator('#rows thead th a.sort', { hasText: t.sortColumn }).first().click();
  await page.waitForSelector('#rows thead th[aria-sort="descending"]');
  const sortedValues = await page.$$eval(`#rows tbody tr[data-row] td[data-column="${t.sortColumn}"]`, (tds) => tds.map((td) => td.textContent));
  const resorted = [...sortedValues].sort().reverse();
  check(JSON.stringify(sortedValues) === JSON.stringify(resorted), 'rows are not in descending order: ' + sortedValues.slice(0, 5).join(', '));

  step(`filter ${t.filterColumn} = ${t.filterValue}`);
  await page.selectOption('#filter-column', t.filterColumn);
  await page.fill('#filter-value', t.filterValue);
  await page.click('#filter-apply');
  await page.waitForFunction(() => document.querySelector('#page-info')?.textContent.includes('of 1 '));
  const filtered = await page.$$eval('#rows tbody tr[data-row]', (r) => r.length);
  check(filtered === 1, `the filter left ${filtered} rows, expected 1`);
  await page.click('#filter-clear');
  await page.waitForFunction((p) => document.querySelector('#page-info')?.textContent.startsWith(`Page 1 of ${p}`), pages);

  step(`a long ${t.longColumn} value, shortened, then shown whole`);
  const cell = page.locator(`#rows tbody tr[data-row="0"] td[data-column="${t.longColumn}"]`);
  check((await cell.textContent()).length < t.longLength, 'the long value is not shortened');
  await cell.locator('button.show-all').click();
  await page.waitForFunction((n) => (document.querySelector('#dialog .full-value')?.textContent.length || 0) >= n, t.longLength);
  await shot('value');
  await page.click('#dialog-cancel');

  if (expect.edit) {
    step(`edit ${expect.edit.column} of the first row`);
    await page.click(`#tables a[data-table="${t.name}"][data-schema="${t.schema}"]`);  // primary key order again
    await page.waitForFunction(() => !document.querySelector('#rows thead th[aria-sort]'));
    await page.click(`#rows tbody tr[data-row="0"] td[data-column="${expect.edit.column}"]`);
    await page.waitForSelector('#dialog #edit-value');
    await page.fill('#edit-value', expect.edit.value);
    await page.click('#dialog-ok');
    await page.waitForFunction((e) => document.querySelector(`#rows tbody tr[data-row="0"] td[data-column="${e.column}"]`)?.textContent === e.value, expect.edit);
    check(!(await page.$eval('#dialog', (d) => d.open)), 'the edit dialog stayed open');

    step('delete the second row');
    const secondKey = await page.textContent('#rows tbody tr[data-row="1"] td[data-column]');
    await page.click('#rows tbody tr[data-row="1"] button.delete-row');
    await page.waitForSelector('#dialog[open] #dialog-ok');
    await shot('delete');
    await page.click('#dialog-ok');
    await page.waitForFunction(([name, rows]) =>
      document.querySelector(`#tables a[data-table="${name}"] .count`)?.textContent.replace(/,/g, '') === String(rows),
    [t.name, t.rows - 1]);
    await page.waitForFunction((k) => document.querySelector('#rows tbody tr[data-row="1"] td[data-column]')?.textContent !== k, secondKey);
  }

  step('structure');
  await page.click('#tab-structure');
  await page.waitForSelector('#columns table');
  const structureColumns = await page.$$eval('#columns tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  check(JSON.stringify(structureColumns) === JSON.stringify(t.columns), 'structure lists ' + JSON.stringify(structureColumns));
  await shot('structure');
  if (t.foreignKeyTo) {
    await page.click(`#foreign-keys a.fk-link:has-text("${t.foreignKeyTo}")`);
    await page.waitForFunction((n) => document.querySelector('.table-title')?.textContent === n, t.foreignKeyTo);
    await page.waitForSelector('#columns table');
  }

  step('migration history');
  await page.click('#nav-migrations');
  await page.waitForSelector('#migrations tbody tr');
  const history = await page.$$eval('#migrations tbody tr', (rows) => rows.map((r) => `${r.dataset.tag} ${r.dataset.state}`));
  const wanted = expect.migrations.map((m) => `${m.tag} ${m.state}`);
  check(JSON.stringify(history) === JSON.stringify(wanted), `history ${JSON.stringify(history)}, expected ${JSON.stringify(wanted)}`);
  await shot('migrations');

  step('drift check page');
  await page.click('#nav-drift');
  await page.waitForSelector('#drift-note, #drift');
  if (expect.driftKinds) {
    const kinds = await page.$$eval('#drift tbody tr', (rows) => rows.map((r) => r.dataset.kind));
    check(JSON.stringify([...kinds].sort()) === JSON.stringify([...expect.driftKinds].sort()),
      `drift findings ${JSON.stringify(kinds)}, expected ${JSON.stringify(expect.driftKinds)}`);
    await shot('drift');
  }

  if (expect.databaseFile) {
    step('the database goes away: the page says so; it comes back: the page recovers');
    fs.renameSync(expect.databaseFile, expect.databaseFile + '.away');
    try {
      await page.click('#nav-migrations');
      await page.waitForSelector('#banner:not([hidden])');
      check((await page.textContent('#banner-text')).includes('cannot reach the database'), 'the banner does not say the database is away');
      await page.waitForSelector('.error-box');
      await shot('unavailable');
    } finally {
      fs.renameSync(expect.databaseFile + '.away', expect.databaseFile);
    }
    await page.click('#banner-retry');
    await page.waitForSelector('#banner', { state: 'hidden' });
    await page.waitForSelector('#migrations tbody tr');
    // The outage's failed requests were expected; nothing else may have failed.
    for (let i = problems.length - 1; i >= 0; --i) if (/503/.test(problems[i])) problems.splice(i, 1);
  }

  check(problems.length === 0, 'the page had problems:\n  ' + problems.join('\n  '));
  console.log('OK');
} catch (e) {
  if (page) {
    const file = path.join(expect.screenshotDir, 'failure.png');
    await page.screenshot({ path: file }).then(() => console.error('screenshot of the failure: ' + file), () => {});
    const dialogError = await page.$eval('#dialog-error', (p) => (p.hidden ? '' : p.textContent)).catch(() => '');
    if (dialogError) console.error('the dialog says: ' + dialogError);
  }
  failure = e.stack || String(e);
} finally {
  clearTimeout(deadline);
  if (context) await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
if (failure) fail(failure);
