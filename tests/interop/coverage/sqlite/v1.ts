// Coverage schema, SQLite, version 1: every construct of issue 13 that SQLite has and drizzle-kit
// 0.31.11 can express: blob/numeric/real, the integer/text/blob modes, generated stored and
// virtual columns, expression and partial indexes, views (from SQL and from a query, and one that
// exists already).
import { sql } from 'drizzle-orm';
import {
  blob, check, foreignKey, index, integer, numeric, primaryKey, real, sqliteTable, sqliteView, text,
  unique, uniqueIndex,
} from 'drizzle-orm/sqlite-core';

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email', { length: 320 }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    // generated: stored and virtual (virtual is the default mode)
    fullName: text('full_name').generatedAlwaysAs(sql`first_name || ' ' || last_name`, { mode: 'stored' }),
    initials: text('initials').generatedAlwaysAs(sql`substr(first_name, 1, 1) || substr(last_name, 1, 1)`,
      { mode: 'virtual' }),
    role: text('role', { enum: ['admin', 'user'] }).notNull().default('user'),
    profile: text('profile', { mode: 'json' }).$type<{ bio?: string }>().default(sql`'{}'`),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull().default(sql`(unixepoch())`),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
    score: real('score').default(0.5),
    balance: numeric('balance').default('0.00'),
    balanceBig: numeric('balance_big', { mode: 'bigint' }),
    balanceNum: numeric('balance_num', { mode: 'number' }),
    avatar: blob('avatar', { mode: 'buffer' }),
    prefs: blob('prefs', { mode: 'json' }),
    counter: blob('counter', { mode: 'bigint' }),
  },
  (t) => [
    uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
    index('users_name_idx').on(t.lastName, t.firstName),
    index('users_active_idx').on(t.createdAt).where(sql`${t.active} = 1`),
    // An expression with a comma (json_extract(profile, '$.bio')) is split and quoted wrongly by
    // drizzle-kit 0.31.11 (README), so the expression index uses ->> instead.
    index('users_profile_bio_idx').on(sql`(${t.profile} ->> '$.bio')`),
    check('users_score_range', sql`${t.score} between 0 and 1`),
  ],
);

export const devices = sqliteTable(
  'devices',
  {
    ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    serial: text('serial').notNull(),
    firmware: blob('firmware'),
    weight: real('weight'),
    // No generated column here: drizzle-kit 0.31.11's table rebuild (v2) copies generated columns
    // and fails (README).
    legacy: text('legacy'),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.serial] }),
    unique('devices_serial_unique').on(t.serial),
    index('devices_weight_idx').on(t.weight).where(sql`${t.weight} is not null`),
  ],
);

export const deviceEvents = sqliteTable(
  'device_events',
  {
    id: integer('id').primaryKey(),
    ownerId: integer('owner_id').notNull(),
    serial: text('serial').notNull(),
    kind: text('kind').notNull(),
  },
  (t) => [foreignKey({ columns: [t.ownerId, t.serial], foreignColumns: [devices.ownerId, devices.serial] })
    .onDelete('cascade')],
);

export const activeUsers = sqliteView('active_users', {
  id: integer('id'),
  email: text('email'),
}).as(sql`select id, email from users where active = 1`);

export const deviceCounts = sqliteView('device_counts').as((qb) =>
  qb.select({ ownerId: devices.ownerId, total: sql<number>`count(*)`.as('total') }).from(devices).groupBy(devices.ownerId));

// A view that exists in the database already: drizzle-kit keeps it out of the SQL.
export const legacyReport = sqliteView('legacy_report', { id: integer('id') }).existing();
