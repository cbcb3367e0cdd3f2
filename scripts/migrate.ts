// npm run db:migrate – applies db/migrations to DATABASE_URL (e.g. a Neon database before deploying)
import { runMigrations } from './lib/migrate'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set. Example: DATABASE_URL=postgres://user:pass@host/db?sslmode=require npm run db:migrate')
  process.exit(2)
}
const t0 = Date.now()
await runMigrations(url)
console.log(`migrations applied in ${Date.now() - t0} ms`)
