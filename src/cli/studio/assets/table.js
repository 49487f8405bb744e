// ob-migrate studio: the table views (structure; rows with paging, sorting, filtering, long values;
// editing and deleting with --allow-write). Uses the helpers of studio.js, which loads after it and
// starts the page. Every element is built with the DOM (never innerHTML).
'use strict';

// ---------- one table ----------

async function viewTable(params) {
  const schema = params.get('schema') || '';
  const name = params.get('name');
  const tab = params.get('tab') || 'rows';
  const tabs = el('div', { class: 'tabs', role: 'tablist' },
    ['rows', 'structure'].map((t) => el('a', {
      href: tableHash(schema, name, { tab: t }), role: 'tab', class: t === tab ? 'tab active' : 'tab',
      id: 'tab-' + t, 'aria-selected': String(t === tab),
    }, t === 'rows' ? 'Rows' : 'Structure')));
  const body = el('div', { class: 'tab-body' }, el('p', { class: 'muted', text: 'Loading…' }));
  setMain(el('h1', { class: 'table-title' }, el('span', { text: qualifiedName(schema, name) })), tabs, body);
  return guarded(async () => {
    body.replaceChildren(tab === 'structure' ? await structure(schema, name) : await rows(schema, name, params));
  });
}

async function structure(schema, name) {
  const t = await api('table', { schema, name });
  const section = (title, id, head, items, empty) => el('section', { class: 'section', id },
    el('h2', { text: title }),
    items.length ? el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, head.map((h) => el('th', { text: h })))),
      el('tbody', {}, items)) : el('p', { class: 'muted', text: empty }));
  const columns = t.columns.map((c) => el('tr', {},
    el('td', {}, el('code', { text: c.name })),
    el('td', {}, el('code', { text: c.type || '(none)' })),
    el('td', { text: c.notNull ? 'not null' : 'nullable' }),
    el('td', {}, c.default === null ? el('span', { class: 'muted', text: '—' }) : el('code', { text: c.default })),
    el('td', { text: c.primaryKey ? 'primary key' : '' }),
    el('td', { text: c.generated })));
  const indexes = t.indexes.map((i) => el('tr', {},
    el('td', {}, el('code', { text: i.name })),
    el('td', {}, el('code', { text: i.columns.join(', ') })),
    el('td', { text: i.unique ? 'unique' : '' }),
    el('td', {}, el('code', { class: 'wrap', text: i.where || i.definition }))));
  const fks = t.foreignKeys.map((fk) => el('tr', {},
    el('td', {}, el('code', { text: fk.columns.join(', ') })),
    el('td', {}, fk.known ? el('a', { href: tableHash(fk.schema, fk.table, { tab: 'structure' }), class: 'fk-link' },
      qualifiedName(fk.schema, fk.table)) : el('span', { text: qualifiedName(fk.schema, fk.table) })),
    el('td', {}, el('code', { text: fk.referencedColumns.join(', ') })),
    el('td', { text: 'on update ' + fk.onUpdate + ', on delete ' + fk.onDelete }),
    el('td', {}, el('code', { text: fk.name }))));
  const checks = t.checks.map((c) => el('tr', {},
    el('td', {}, el('code', { text: c.name || '(unnamed)' })),
    el('td', {}, el('code', { class: 'wrap', text: c.expression }))));
  const refs = t.referencedBy.map((r) => el('tr', {},
    el('td', {}, el('a', { href: tableHash(r.schema, r.table, { tab: 'structure' }) }, qualifiedName(r.schema, r.table))),
    el('td', {}, el('code', { text: r.columns.join(', ') }))));
  return el('div', {},
    section('Columns', 'columns', ['Column', 'Type', 'Null', 'Default', 'Key', 'Generated'], columns, 'No columns.'),
    el('p', { class: 'muted', id: 'primary-key' },
      t.primaryKey.length ? 'Primary key: ' + t.primaryKey.join(', ') : 'No primary key: rows cannot be edited.'),
    section('Indexes', 'indexes', ['Index', 'Columns', 'Unique', 'Where'], indexes, 'No indexes.'),
    section('Foreign keys', 'foreign-keys', ['Columns', 'References', 'Columns', 'Actions', 'Name'], fks, 'No foreign keys.'),
    section('Checks', 'checks', ['Name', 'Expression'], checks, 'No check constraints.'),
    section('Referenced by', 'referenced-by', ['Table', 'Columns'], refs, 'No table references this one.'));
}

function cellContent(value, column, row, data) {
  if (value === null) return el('span', { class: 'cell' }, el('span', { class: 'null', text: 'NULL' }));
  const mono = column.kind === 'json' || column.kind === 'blob' ? 'text mono' : 'text';
  if (typeof value === 'string') return el('span', { class: 'cell', title: value.length > 40 ? value : null }, el('span', { class: mono, text: value }));
  const size = value.blob ? `${formatNumber(value.length)} bytes` : `${formatNumber(value.length)} chars`;
  const text = value.blob ? '0x' + value.preview + (value.truncated ? '…' : '') : value.preview + '…';
  const canFetch = data.keyed && row.key !== null;
  return el('span', { class: 'cell long' },
    el('span', { class: value.blob ? mono + ' blob' : mono, text }),
    el('button', {
      type: 'button', class: 'link show-all', title: canFetch ? 'Show the whole value' : 'The table has no primary key: the value was cut',
      onclick: (event) => { event.stopPropagation(); showValue(data, row, column, value, canFetch); },
    }, size));
}

async function showValue(data, row, column, shortValue, canFetch) {
  const pre = el('pre', { class: 'full-value', text: 'Loading…' });
  openDialog(`${column.name} (${column.type || 'no type'})`, pre);
  if (!canFetch) {
    pre.textContent = shortValue.preview + '\n\n(the table has no primary key: the value was cut at this length)';
    return;
  }
  try {
    const full = await api('cell', { schema: data.schema, name: data.name, column: column.name, key: row.key });
    pre.textContent = prettyValue(full);
  } catch (error) {
    pre.textContent = error.message;
  }
}

function prettyValue(full) {
  if (full.value === null) return 'NULL';
  if (full.kind === 'json') {
    try { return JSON.stringify(JSON.parse(full.value), null, 2); } catch (e) { return full.value; }
  }
  if (full.kind === 'blob') return '0x' + full.value;
  return full.value;
}

async function rows(schema, name, params) {
  const page = Number(params.get('page') || 1);
  const sort = params.get('sort') || '';
  const order = params.get('order') || 'asc';
  const filterColumn = params.get('fc') || '';
  const filterValue = params.get('fv') || '';
  const filterNull = params.get('fnull') === '1';
  const data = await api('rows', {
    schema, name, page, sort, order: sort ? order : '', filterColumn,
    filterValue: filterColumn && !filterNull ? filterValue : '', filterNull: filterColumn && filterNull ? '1' : '',
  });
  const link = (changes) => tableHash(schema, name, Object.assign(
    { tab: 'rows', page, sort, order: sort ? order : '', fc: filterColumn, fv: filterValue, fnull: filterNull ? '1' : '' },
    changes));

  // Filter bar: a column, a value (or NULL).
  const columnSelect = el('select', { id: 'filter-column', 'aria-label': 'Filter column' },
    el('option', { value: '', text: 'Filter on a column…' }),
    data.columns.map((c) => el('option', { value: c.name, selected: c.name === filterColumn, text: c.name })));
  const valueInput = el('input', { id: 'filter-value', type: 'text', placeholder: 'value', value: filterValue,
    'aria-label': 'Filter value', disabled: filterNull });
  const nullBox = el('input', { id: 'filter-null', type: 'checkbox', checked: filterNull,
    onchange: () => { valueInput.disabled = nullBox.checked; } });
  const apply = (event) => {
    event.preventDefault();
    location.hash = link({ page: 1, fc: columnSelect.value, fv: columnSelect.value ? valueInput.value : '',
      fnull: columnSelect.value && nullBox.checked ? '1' : '' });
  };
  const filterBar = el('div', { class: 'filter-bar' },
    el('form', { id: 'filter-form', onsubmit: apply }, columnSelect, el('span', { text: '=' }), valueInput,
      el('label', { class: 'inline' }, nullBox, ' is NULL'),
      el('button', { type: 'submit', id: 'filter-apply' }, 'Filter'),
      filterColumn ? el('a', { href: link({ page: 1, fc: '', fv: '', fnull: '' }), id: 'filter-clear', class: 'button' }, 'Clear') : null));

  // The grid: headers sort, cells show (and, with --allow-write, edit) values.
  const head = el('tr', {}, data.editable ? el('th', { class: 'actions' }) : null, data.columns.map((c) => {
    const sorted = c.name === sort;
    const nextOrder = sorted && order === 'asc' ? 'desc' : 'asc';
    return el('th', { 'aria-sort': sorted ? (order === 'asc' ? 'ascending' : 'descending') : null },
      el('a', { href: link({ page: 1, sort: c.name, order: nextOrder }), class: 'sort', title: 'Sort by ' + c.name },
        c.name, c.primaryKey ? el('span', { class: 'pk', title: 'primary key', text: ' ⚷' }) : null,
        sorted ? el('span', { class: 'arrow', text: order === 'asc' ? ' ▲' : ' ▼' }) : null),
      el('div', { class: 'type', text: c.type }));
  }));
  const body = data.rows.map((row, r) => el('tr', { dataset: { row: String(r) } },
    data.editable ? el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'danger small delete-row', title: 'Delete this row', onclick: () => deleteRow(data, row) }, 'Delete')) : null,
    row.cells.map((value, i) => {
      const column = data.columns[i];
      const td = el('td', { class: data.editable ? 'editable' : '', title: data.editable ? 'Click to edit' : null,
        dataset: { column: column.name } },
        cellContent(value, column, row, data));
      if (data.editable) td.addEventListener('click', () => editCell(data, row, column, value));
      return td;
    })));

  const first = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.page * data.pageSize, data.total);
  const pager = el('div', { class: 'pager', id: 'pager' },
    el('a', { class: 'button prev-page', href: link({ page: data.page - 1 }), 'aria-disabled': String(data.page <= 1),
      onclick: (e) => { if (data.page <= 1) e.preventDefault(); } }, '‹ Previous'),
    el('span', { class: 'page-info', id: 'page-info',
      text: `Page ${data.page} of ${data.pages} · rows ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.total)}` }),
    el('a', { class: 'button next-page', href: link({ page: data.page + 1 }), 'aria-disabled': String(data.page >= data.pages),
      onclick: (e) => { if (data.page >= data.pages) e.preventDefault(); } }, 'Next ›'));

  const notes = [];
  if (!data.keyed) notes.push('This table has no primary key: its rows cannot be edited, and long values come cut.');
  else if (!data.editable && state.overview && state.overview.readOnly) notes.push('Read-only: start ob-migrate studio with --allow-write to edit cells and delete rows.');
  return el('div', {}, filterBar,
    el('div', { class: 'grid-wrap' }, el('table', { class: 'grid rows-table', id: 'rows' },
      el('thead', {}, head),
      el('tbody', {}, body.length ? body : el('tr', {}, el('td', { colspan: String(data.columns.length + 1), class: 'muted', text: 'No rows.' }))))),
    pager, notes.map((n) => el('p', { class: 'muted note', text: n })));
}

async function editCell(data, row, column, shortValue) {
  let current = shortValue;
  if (shortValue !== null && typeof shortValue === 'object') {
    try {
      current = (await api('cell', { schema: data.schema, name: data.name, column: column.name, key: row.key })).value;
    } catch (error) {
      openDialog('Cannot edit', el('p', { text: error.message }));
      return;
    }
    if (shortValue.blob) {
      openDialog('Cannot edit', el('p', { text: 'Blob values cannot be edited here.' }));
      return;
    }
  }
  const area = el('textarea', { id: 'edit-value', rows: '6', 'aria-label': 'New value' });
  area.value = current === null ? '' : current;
  const nullBox = el('input', { id: 'edit-null', type: 'checkbox', checked: current === null,
    onchange: () => { area.disabled = nullBox.checked; } });
  area.disabled = current === null;
  openDialog(`Edit ${column.name}`, el('div', {},
    el('p', { class: 'muted', text: `${qualifiedName(data.schema, data.name)} · ${column.type || 'no type'}` }),
    area, el('label', { class: 'inline' }, nullBox, ' NULL')), {
    label: 'Save',
    action: async () => {
      await api('update', null, { schema: data.schema, name: data.name, key: row.key, column: column.name,
        value: nullBox.checked ? null : area.value });
      route();
    },
  });
}

function deleteRow(data, row) {
  const keyText = JSON.parse(row.key).map((k) => (k === null ? 'NULL' : Object.values(k)[0])).join(', ');
  openDialog('Delete this row?', el('p', {},
    `The row of ${qualifiedName(data.schema, data.name)} whose primary key is `, el('code', { text: keyText }),
    ' will be deleted (in a transaction).'), {
    label: 'Delete', danger: true,
    action: async () => {
      await api('delete', null, { schema: data.schema, name: data.name, key: row.key });
      await loadOverview();
      route();
    },
  });
}
