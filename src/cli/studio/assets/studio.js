// ob-migrate studio: the page. Talks to /api/ with the access token in the X-Studio-Token header;
// builds every element with the DOM (never innerHTML), so database text is only ever text.
'use strict';

const TOKEN = document.querySelector('meta[name="ob-studio-token"]').content;
// The token has done its job in the address bar: keep it out of history and screenshots.
if (location.search) history.replaceState(null, '', location.pathname + location.hash);

const state = { overview: null, retryTimer: null };

// ---------- helpers ----------

class ApiError extends Error {
  constructor(status, message, unavailable) {
    super(message);
    this.status = status;
    this.unavailable = unavailable || status === 503 || status === 0;
  }
}

async function api(path, params, body) {
  let url = '/api/' + path;
  if (params) {
    const clean = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
    if (clean.length) url += '?' + new URLSearchParams(clean).toString();
  }
  const options = { headers: { 'X-Studio-Token': TOKEN }, cache: 'no-store' };
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ApiError(0, 'cannot reach ob-migrate studio (was it stopped?)');
  }
  let data;
  try {
    data = await response.json();
  } catch (e) {
    data = { error: response.status + ' ' + response.statusText };
  }
  if (!response.ok) throw new ApiError(response.status, data.error || response.statusText, data.unavailable);
  return data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function tableHash(schema, name, extra) {
  const params = new URLSearchParams();
  if (schema) params.set('schema', schema);
  params.set('name', name);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== '' && v !== null) params.set(k, v);
  return '#/table?' + params.toString();
}

function qualifiedName(schema, name) {
  return schema && schema !== 'public' ? schema + '.' + name : name;
}

function formatNumber(n) {
  return Number(n).toLocaleString('en-US');
}

function formatWhen(ms) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(Number(ms));
  return isNaN(d) ? String(ms) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function setMain(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children);
}

function errorBox(error) {
  return el('div', { class: 'error-box', role: 'alert' },
    el('strong', { text: error.unavailable ? 'Database unavailable' : 'Error' }), ' ', error.message);
}

// ---------- the banner: a lost database, and recovery ----------

function showBanner(message) {
  document.getElementById('banner-text').textContent = message;
  document.getElementById('banner').hidden = false;
  if (!state.retryTimer) state.retryTimer = setTimeout(retry, 5000);
}

function hideBanner() {
  document.getElementById('banner').hidden = true;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
}

async function retry() {
  state.retryTimer = null;
  await loadOverview();
  route();
}

// Runs a view's loader; a lost database shows the banner (retried every 5 s), anything else an error.
async function guarded(loader) {
  try {
    await loader();
    return true;
  } catch (error) {
    if (error.unavailable) showBanner(error.message);
    setMain(errorBox(error));
    return false;
  }
}

// ---------- dialog ----------

function openDialog(title, body, ok) {
  const dialog = document.getElementById('dialog');
  document.getElementById('dialog-title').textContent = title;
  document.getElementById('dialog-body').replaceChildren(body);
  const errorText = document.getElementById('dialog-error');
  errorText.hidden = true;
  const okButton = document.getElementById('dialog-ok');
  okButton.hidden = !ok;
  okButton.disabled = false;
  document.getElementById('dialog-cancel').textContent = ok ? 'Cancel' : 'Close';
  okButton.onclick = null;
  if (ok) {
    okButton.textContent = ok.label;
    okButton.className = ok.danger ? 'danger' : 'primary';
    okButton.onclick = async () => {
      okButton.disabled = true;
      try {
        await ok.action();
        dialog.close();
      } catch (error) {
        errorText.textContent = error.message;
        errorText.hidden = false;
        okButton.disabled = false;
      }
    };
  }
  if (!dialog.open) dialog.showModal();
}

document.getElementById('dialog-cancel').addEventListener('click', () => document.getElementById('dialog').close());

// ---------- sidebar and overview ----------

async function loadOverview() {
  try {
    const data = await api('overview');
    state.overview = data;
    hideBanner();
    document.getElementById('database').textContent = data.database;
    const mode = document.getElementById('mode');
    mode.textContent = data.readOnly ? 'read-only' : 'editing allowed';
    mode.className = 'badge ' + (data.readOnly ? 'badge-muted' : 'badge-warn');
    const list = document.getElementById('tables');
    list.replaceChildren(...(data.tables.length ? data.tables.map((t) =>
      el('li', {},
        el('a', { href: tableHash(t.schema, t.name), dataset: { table: t.name, schema: t.schema } },
          el('span', { class: 'table-name', text: qualifiedName(t.schema, t.name) }),
          el('span', { class: 'count', text: formatNumber(t.rows) })))) :
      [el('li', { class: 'muted', text: 'No tables' })]));
    highlightNav();
    return true;
  } catch (error) {
    if (error.unavailable) showBanner(error.message);
    else document.getElementById('tables').replaceChildren(el('li', { class: 'error-text', text: error.message }));
    return false;
  }
}

function highlightNav() {
  const hash = location.hash || '#/';
  const params = new URLSearchParams(hash.split('?')[1] || '');
  for (const a of document.querySelectorAll('.sidebar a')) {
    let active = false;
    if (a.dataset.table !== undefined) {
      active = hash.startsWith('#/table?') && a.dataset.table === params.get('name') &&
        (a.dataset.schema || '') === (params.get('schema') || a.dataset.schema || '');
    } else {
      active = hash === a.getAttribute('href');
    }
    a.classList.toggle('active', active);
  }
}

function viewHome() {
  const o = state.overview;
  if (!o) return guarded(async () => { throw new ApiError(503, 'no answer from the database yet', true); });
  const total = o.tables.reduce((sum, t) => sum + Number(t.rows), 0);
  const rows = o.tables.map((t) => el('tr', {},
    el('td', {}, el('a', { href: tableHash(t.schema, t.name) }, qualifiedName(t.schema, t.name))),
    el('td', { class: 'num', text: formatNumber(t.rows) }),
    el('td', { class: 'num', text: formatNumber(t.columns) })));
  setMain(
    el('h1', { text: 'Overview' }),
    el('dl', { class: 'facts' },
      el('dt', { text: 'Database' }), el('dd', { text: o.database }),
      el('dt', { text: 'Migrations folder' }), el('dd', { text: o.migrationsDir }),
      el('dt', { text: 'Mode' }), el('dd', { text: o.readOnly ? 'read-only (start with --allow-write to edit)' : 'editing allowed' }),
      el('dt', { text: 'Tables' }), el('dd', { text: `${o.tables.length} tables, ${formatNumber(total)} rows` })),
    el('table', { class: 'grid', id: 'overview-tables' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Table' }), el('th', { class: 'num', text: 'Rows' }),
        el('th', { class: 'num', text: 'Columns' }))),
      el('tbody', {}, rows)));
  return Promise.resolve(true);
}

// ---------- migrations and drift ----------

async function viewMigrations() {
  setMain(el('h1', { text: 'Migration history' }), el('p', { class: 'muted', text: 'Loading…' }));
  return guarded(async () => {
    const data = await api('migrations');
    const counts = data.counts;
    const rows = data.migrations.map((m) => el('tr', { dataset: { tag: m.tag, state: m.state } },
      el('td', {}, el('code', { text: m.tag || '(unnamed)' })),
      el('td', {}, el('span', { class: 'state state-' + m.state, text: m.state })),
      el('td', { title: String(m.when) }, formatWhen(m.when)),
      el('td', { text: m.appliedAt ? formatWhen(m.appliedAt) : '' }),
      el('td', {}, el('code', { class: 'hash', title: m.hash, text: m.hash.slice(0, 12) }),
        m.state === 'changed' ? el('div', { class: 'muted' }, 'recorded ',
          el('code', { class: 'hash', title: m.recordedHash, text: m.recordedHash.slice(0, 12) })) : null)));
    setMain(el('h1', { text: 'Migration history' }),
      el('p', { class: 'muted' }, 'Folder ', el('code', { text: data.dir })),
      el('p', { class: 'summary', id: 'migration-summary' },
        ['applied', 'pending', 'changed', 'missing'].map((s) =>
          el('span', { class: 'state state-' + s, text: `${counts[s] || 0} ${s}` }))),
      rows.length ? el('table', { class: 'grid', id: 'migrations' },
        el('thead', {}, el('tr', {}, ['Tag', 'State', 'When', 'Applied at', 'Hash'].map((h) => el('th', { text: h })))),
        el('tbody', {}, rows)) : el('p', { class: 'muted', text: 'No migrations in the folder and none recorded.' }));
  });
}

async function viewDrift() {
  setMain(el('h1', { text: 'Drift check' }), el('p', { class: 'muted', text: 'Loading…' }));
  return guarded(async () => {
    const data = await api('drift');
    const compared = data.comparedTag
      ? el('p', { class: 'muted' }, 'The live schema was compared with the snapshot of ', el('code', { text: data.comparedTag }),
        data.pending ? `; ${data.pending} pending migration${data.pending === 1 ? ' is' : 's are'} not counted as drift.` : '.')
      : el('p', { class: 'muted', text: 'No migration is applied: the live schema was compared with the empty schema.' });
    let body;
    if (!data.findings.length) {
      body = el('p', { class: 'ok-text', id: 'drift-note', text: 'No findings: the database and the folder agree.' });
    } else {
      body = el('table', { class: 'grid', id: 'drift' },
        el('thead', {}, el('tr', {}, ['Kind', 'Subject', 'Finding'].map((h) => el('th', { text: h })))),
        el('tbody', {}, data.findings.map((f) => el('tr', { dataset: { kind: f.kind } },
          el('td', {}, el('span', { class: 'state kind-' + f.kind, text: f.kind })),
          el('td', {}, el('code', { text: f.subject })),
          el('td', { class: 'wrap', text: f.message })))));
    }
    setMain(el('h1', { text: 'Drift check' }),
      el('p', { class: 'muted', text: 'ob-migrate check: the folder, the recorded history and the live schema.' }),
      compared, body);
  });
}

// ---------- routing ----------

let routeSerial = 0;
async function route() {
  const serial = ++routeSerial;
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  highlightNav();
  let view;
  if (path === '/table' && params.get('name')) view = viewTable(params);
  else if (path === '/migrations') view = viewMigrations();
  else if (path === '/drift') view = viewDrift();
  else view = viewHome();
  await view;
  if (serial === routeSerial) document.body.dataset.ready = String(serial);
}

document.getElementById('banner-retry').addEventListener('click', retry);
window.addEventListener('hashchange', route);
loadOverview().then(route);
