// A bare PGlite open of a data directory and one query: the embedded database's own start-up cost, the limit the
// CLI's one-shot chat is measured against (bench/start.ts).
import { PGlite } from '@electric-sql/pglite';

const db = new PGlite(process.argv[2]);
await db.query('select 1');
await db.close();
