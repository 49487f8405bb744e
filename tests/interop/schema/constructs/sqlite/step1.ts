// Constructs beyond plain tables (tests/interop/constructs.cpp declares the same in the DSL):
// expression and partial indexes; blob, numeric and real columns, Drizzle's boolean and JSON
// modes with defaults; generated columns, virtual (Drizzle's default) and stored. drizzle-kit
// lists tables in the alphabetical order of their export names, so they follow the DSL's order.
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
    uniqueIndex('items_email_lower').on(sql`lower(${t.email})`),
    index('items_score_partial').on(t.score, t.name).where(sql`${t.score} > 0`),
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
});

export const t3Generated = sqliteTable('generated_cols', {
  id: integer('id').primaryKey(),
  first: text('first'),
  last: text('last'),
  full: text('full').generatedAlwaysAs(sql`first || ' ' || last`),
  upper: text('upper').generatedAlwaysAs(sql`upper(first)`, { mode: 'stored' }),
});

// Views from SQL (by export name, as drizzle-kit lists them) and one that exists already.
export const v1ItemNames = sqliteView('item_names', { name: text('name') }).as(sql`select name from items`);
export const v2ItemScores = sqliteView('item_scores', { id: integer('id'), score: integer('score') })
  .as(sql`select id, score from items where score > 0`);
export const v3LegacyReport = sqliteView('legacy_report', { id: integer('id') }).existing();
export const v4TypeFlags = sqliteView('type_flags', { id: integer('id'), flag: integer('flag', { mode: 'boolean' }) })
  .as(sql`select id, flag from types where flag = 1`);
