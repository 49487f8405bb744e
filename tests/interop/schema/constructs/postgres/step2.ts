// Step 2: indexes change their method or parameters, one is dropped, new ones (GIN, expression,
// DESC) appear; the archive schema goes with its table and enum; a sequence is dropped, another
// altered; new columns of more types; a generated column gets a new expression, an identity new
// options. Nothing is both dropped and created, so drizzle-kit never
// asks about renames.
import { sql } from 'drizzle-orm';
import {
  bigint, char, cidr, customType, index, inet, integer, interval, json, jsonb, line, macaddr, macaddr8, pgSchema,
  pgMaterializedView, pgSequence, pgTable, pgView, point, serial, smallint, smallserial, text, time, timestamp, uniqueIndex, varchar,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const billing = pgSchema('billing');

export const e2BillingStatus = billing.enum('status', ['open', 'paid']);

export const s1InvoiceNo = billing.sequence('invoice_no', { startWith: 1000 });
export const s2Counter = pgSequence('counter', { startWith: 100, increment: 3, minValue: 1, maxValue: 20000, cache: 10, cycle: true });

export const t1Items = pgTable(
  'items',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    related: jsonb('related'),
    score: integer('score'),
    name: text('name'),
  },
  (t) => [
    index('items_related_gin').using('gin', t.related).where(sql`${t.related} IS NOT NULL`),
    uniqueIndex('items_email_lower').on(sql`lower(${t.email})`),
    index('items_score_name').on(t.score.desc(), t.name.asc().nullsFirst()),
    index('items_name_hash').using('btree', t.name).with({ fillfactor: 70 }),
    index('items_score_brin').using('brin', t.score).with({ pages_per_range: 32 }),
    index('items_name_tsv').using('gin', sql`to_tsvector('simple', ${t.name})`),
    index('items_email_desc').on(t.email.desc().nullsFirst(), sql`(${t.score} + 1)`),
  ],
);

export const t2Types = pgTable('types', {
  id: smallserial('id').primaryKey(),
  code: char('code', { length: 3 }).notNull().default('abc'),
  flag: char('flag'),
  at: time('at'),
  atTz: time('at_tz', { withTimezone: true, precision: 3 }),
  stamp: timestamp('stamp', { precision: 3 }),
  stampTz: timestamp('stamp_tz', { withTimezone: true, precision: 6 }).defaultNow(),
  span: interval('span'),
  spanDays: interval('span_days', { fields: 'day to second', precision: 3 }),
  ip: inet('ip'),
  net: cidr('net'),
  mac: macaddr('mac'),
  mac8: macaddr8('mac8'),
  spot: point('spot'),
  edge: line('edge'),
  raw: bytea('raw'),
  doc: json('doc').default({ a: 1 }),
  tags: text('tags').array(),
  nums: integer('nums').array().notNull().default(sql`'{}'`),
  pair: integer('pair').array().default([1, 2]),
  grid: integer('grid').array().array(),
  labels: varchar('labels', { length: 20 }).array().default(['a', 'b']),
  hours: interval('hours', { fields: 'hour' }),
  empty: text('empty').array().default([]),
});

export const t3Generated = pgTable('generated_cols', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity({ startWith: 10, increment: 6, minValue: 10, maxValue: 100000, cache: 30, cycle: true }),
  other: bigint('other', { mode: 'number' }).generatedByDefaultAsIdentity(),
  down: smallint('down').generatedByDefaultAsIdentity({ name: 'generated_down_seq', increment: -1 }),
  first: text('first'),
  last: text('last'),
  full: text('full').generatedAlwaysAs(sql`coalesce(first, '') || ' ' || last`),
  initials: text('initials').generatedAlwaysAs(sql`left(first, 1) || left(last, 1)`),
});

export const t4Invoices = billing.table('invoices', {
  id: serial('id').primaryKey(),
  itemId: integer('item_id').references(() => t1Items.id),
  status: e2BillingStatus('status').default('open'),
});

export const t5Notes = pgTable('notes', {
  id: serial('id').primaryKey(),
  invoiceId: integer('invoice_id').references(() => t4Invoices.id, { onDelete: 'cascade' }),
});

// Views: item_names dropped, item_scores' definition changed (drop + create), open_invoices and
// item_stats get other options (ALTER ... SET). No view is both dropped and created (drizzle-kit
// would ask whether it was renamed).
export const v2ItemScores = pgView('item_scores', { id: integer('id'), score: integer('score') })
  .with({ checkOption: 'cascaded', securityBarrier: true })
  .as(sql`select id, score from items where score > 1`);
export const v3LegacyReport = pgView('legacy_report', { id: integer('id') }).existing();
export const v4OpenInvoices = billing
  .view('open_invoices', { id: integer('id'), status: e2BillingStatus('status') })
  .with({ securityInvoker: true, securityBarrier: true })
  .as(sql`select id, status from billing.invoices where status = 'open'`);
export const v5NoteCounts = pgView('note_counts', { invoiceId: integer('invoice_id'), total: bigint('total', { mode: 'number' }) })
  .as(sql`select invoice_id, count(*) as total from notes group by invoice_id`);
export const v9ItemStats = pgMaterializedView('item_stats', { total: bigint('total', { mode: 'number' }) })
  .with({ fillfactor: 80, autovacuumEnabled: false })
  .withNoData()
  .as(sql`select count(*) as total from items`);
