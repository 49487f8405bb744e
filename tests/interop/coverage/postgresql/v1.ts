// Coverage schema, PostgreSQL, version 1: every construct of issue 13 that drizzle-kit 0.31.11
// can express for PostgreSQL. Roles are global to a PostgreSQL cluster, so their names carry the
// prefix "coverage_". generate.mjs runs drizzle-kit with entities.roles = true.
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, char, check, cidr, customType, date, doublePrecision, index, inet, integer,
  interval, json, jsonb, line, macaddr, macaddr8, numeric, pgEnum, pgMaterializedView, pgPolicy,
  pgRole, pgSchema, pgSequence, pgTable, pgView, point, real, smallint, smallserial, text, time,
  timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';

// drizzle-orm 0.45.4 has no bytea builder: a custom type whose SQL type is "bytea".
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

// Roles (entities.roles): one with every option set, one with defaults, one that exists already.
export const auditor = pgRole('coverage_auditor', { createDb: true, createRole: true, inherit: false });
export const reader = pgRole('coverage_reader');
export const monitor = pgRole('pg_monitor').existing();

export const status = pgEnum('status', ['draft', 'active', 'archived']);

// Sequences: every option; all defaults (dropped in v2).
export const ticketSeq = pgSequence('ticket_seq', {
  startWith: 100, increment: 5, minValue: 100, maxValue: 1000000, cache: 10, cycle: true,
});
export const legacySeq = pgSequence('legacy_seq');

// A named schema with a table, an enum, a sequence and a view; its table references public.users.
export const billing = pgSchema('billing');
export const currency = billing.enum('currency', ['EUR', 'USD', 'CHF']);
export const invoiceNo = billing.sequence('invoice_no', { startWith: 1000, increment: 1, cache: 1 });

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity({
      name: 'users_id_seq', startWith: 10, increment: 2, minValue: 10, maxValue: 2147483647, cache: 1, cycle: false,
    }),
    email: varchar('email', { length: 320 }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    fullName: text('full_name').generatedAlwaysAs(sql`first_name || ' ' || last_name`),
    status: status('status').notNull().default('draft'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    scores: integer('scores').array().default([]),
    flags: boolean('flags').array().default([true, false]),
    profile: jsonb('profile').notNull().default({}),
    settings: json('settings').default({ theme: 'dark' }),
    token: uuid('token').defaultRandom(),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
    index('users_name_idx').using('btree', t.lastName.asc().nullsLast(), t.firstName.desc().nullsFirst()),
    index('users_profile_gin_idx').using('gin', t.profile.op('jsonb_path_ops')),
    index('users_email_hash_idx').using('hash', t.email),
    index('users_created_brin_idx').using('brin', t.createdAt).with({ pages_per_range: 32 }),
    index('users_active_idx').on(t.status).where(sql`${t.status} = 'active'`),
    index('users_full_name_spgist_idx').using('spgist', t.fullName),
    pgPolicy('users_read', { as: 'permissive', for: 'select', to: reader, using: sql`true` }),
    pgPolicy('users_audit', {
      as: 'restrictive', for: 'all', to: [auditor, 'current_user'],
      using: sql`status <> 'archived'`, withCheck: sql`status <> 'archived'`,
    }),
  ],
).enableRLS();

export const devices = pgTable(
  'devices',
  {
    id: smallserial('id').primaryKey(),
    code: char('code', { length: 8 }).notNull().default('AAAAAAAA'),
    opensAt: time('opens_at', { precision: 0, withTimezone: true }),
    closesAt: time('closes_at').default('17:00:00'),
    seenAt: timestamp('seen_at', { precision: 6, mode: 'string' }),
    ttl: interval('ttl', { fields: 'day to second', precision: 3 }).default('1 day'),
    ip: inet('ip').notNull(),
    net: cidr('net').default('10.0.0.0/8'),
    mac: macaddr('mac'),
    mac8: macaddr8('mac8'),
    // point/line defaults as JS values are written wrongly by drizzle-kit 0.31.11 (README): sql``.
    location: point('location', { mode: 'tuple' }).default(sql`'(1.5,2)'::point`),
    spot: point('spot', { mode: 'xy' }),
    edge: line('edge', { mode: 'abc' }),
    border: line('border', { mode: 'tuple' }).default(sql`'{1,-1,0}'::line`),
    firmware: bytea('firmware'),
    ratio: numeric('ratio', { precision: 5, scale: 2 }).default('1.00'),
    weight: real('weight'),
    area: doublePrecision('area').generatedAlwaysAs(sql`weight * 2`),
    slot: smallint('slot').default(1),
    big: bigint('big', { mode: 'number' }).default(0),
    ticket: integer('ticket').default(sql`nextval('ticket_seq')`),
    ports: integer('ports').array().notNull().default(sql`'{}'`),
    names: varchar('names', { length: 20 }).array().default(['a', 'b']),
    serialNo: bigint('serial_no', { mode: 'bigint' }).generatedByDefaultAsIdentity({ startWith: 1, cache: 20 }),
    installedOn: date('installed_on').defaultNow(),
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null', onUpdate: 'cascade' }),
  },
  (t) => [
    index('devices_ip_gist_idx').using('gist', t.ip.op('inet_ops')),
    index('devices_location_gist_idx').using('gist', t.location),
    index('devices_owner_idx').on(t.ownerId.desc()).with({ fillfactor: 70 }),
  ],
);

export const invoices = billing.table(
  'invoices',
  {
    id: integer('id').primaryKey().default(sql`nextval('billing.invoice_no')`),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    currency: currency('currency').notNull().default('EUR'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    vatCents: bigint('vat_cents', { mode: 'number' }).generatedAlwaysAs(sql`amount_cents * 19 / 100`),
    lines: jsonb('lines').notNull().default(sql`'[]'::jsonb`),
    issuedOn: date('issued_on').notNull().defaultNow(),
  },
  (t) => [
    index('invoices_user_idx').on(t.userId),
    index('invoices_lines_gin_idx').using('gin', t.lines).where(sql`lines <> '[]'::jsonb`),
    check('invoices_amount_positive', sql`amount_cents >= 0`),
  ],
);

// A policy declared outside its table and linked to it.
export const invoicesInsert = pgPolicy('invoices_insert', {
  for: 'insert', to: 'public', withCheck: sql`amount_cents > 0`,
}).link(invoices);

export const activeUsers = pgView('active_users', {
  id: integer('id'),
  email: varchar('email', { length: 320 }),
})
  .with({ checkOption: 'cascaded', securityBarrier: true })
  .as(sql`select id, email from users where status = 'active'`);

export const userStats = pgMaterializedView('user_stats', {
  status: status('status'),
  total: bigint('total', { mode: 'number' }),
})
  .with({ fillfactor: 90, autovacuumEnabled: false })
  .withNoData()
  .as(sql`select status, count(*) as total from users group by status`);

export const invoiceTotals = billing
  .view('invoice_totals', { userId: integer('user_id'), total: bigint('total', { mode: 'number' }) })
  .with({ securityInvoker: true })
  .as(sql`select user_id, sum(amount_cents) as total from billing.invoices group by user_id`);

// A view that exists in the database already: drizzle-kit keeps it out of the SQL.
export const legacyReport = pgView('legacy_report', { id: integer('id') }).existing();
