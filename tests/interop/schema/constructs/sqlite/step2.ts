// Step 2: a partial index changes its predicate, an expression index is added, one is dropped;
// a column is added to the types table, a virtual generated one to generated_cols.
import { sql } from 'drizzle-orm';
import { blob, index, integer, numeric, real, sqliteTable, sqliteView, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const t1Items = sqliteTable(
  'items',
  {
    id: integer('id').primaryKey(),
    email: text('email').notNull(),
    score: integer('score'),
    name: text('name'),
  },
  (t) => [
    index('items_score_partial').on(t.score, t.name).where(sql`${t.score} > 10`),
    index('items_name_expr').on(sql`lower(${t.name})`, t.score),
  ],
);

export const t2Types = sqliteTable('types', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  flag: integer('flag', { mode: 'boolean' }).notNull().default(false),
  doc: text('doc', { mode: 'json' }).default({ a: 1 }),
  raw: blob('raw'),
  big: blob('big', { mode: 'bigint' }),
  price: numeric('price').default('9.99'),
  ratio: real('ratio').default(0.5),
  extra: blob('extra', { mode: 'json' }).default({ b: 2 }),
});

export const t3Generated = sqliteTable('generated_cols', {
  id: integer('id').primaryKey(),
  first: text('first'),
  last: text('last'),
  full: text('full').generatedAlwaysAs(sql`first || ' ' || last`),
  upper: text('upper').generatedAlwaysAs(sql`upper(first)`, { mode: 'stored' }),
  initials: text('initials').generatedAlwaysAs(sql`substr(first, 1, 1) || substr(last, 1, 1)`),
});

// Views: item_names dropped, item_scores' definition changed (drop + create). No view is both
// dropped and created (drizzle-kit would ask whether it was renamed).
export const v2ItemScores = sqliteView('item_scores', { id: integer('id'), score: integer('score') })
  .as(sql`select id, score from items where score > 1`);
export const v3LegacyReport = sqliteView('legacy_report', { id: integer('id') }).existing();
export const v4TypeFlags = sqliteView('type_flags', { id: integer('id'), flag: integer('flag', { mode: 'boolean' }) })
  .as(sql`select id, flag from types where flag = 1`);
