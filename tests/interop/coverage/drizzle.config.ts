// drizzle-kit config for generate.mjs: the dialect, schema file and output folder come from the
// environment, so one file serves both dialects and both versions. Roles are managed
// (entities.roles), as issue 13 asks.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: process.env.COVERAGE_DIALECT as 'postgresql' | 'sqlite',
  schema: process.env.COVERAGE_SCHEMA!,
  out: process.env.COVERAGE_OUT!,
  ...(process.env.COVERAGE_DIALECT === 'postgresql' ? { entities: { roles: true } } : {}),
});
