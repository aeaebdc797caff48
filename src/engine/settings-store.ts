// Small persistent settings (flags and choices that must survive a restart), as JSON values by key.
import { eq } from 'drizzle-orm';
import type { Db } from './db/database.ts';
import { settings } from './db/schema/index.ts';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  async get<T>(key: string): Promise<T | undefined> {
    const [row] = await this.db.select().from(settings).where(eq(settings.key, key));
    return row ? (row.value as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db
      .insert(settings)
      .values({ key, value, updatedAt: new Date() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  }
}
