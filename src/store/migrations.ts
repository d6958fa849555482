/**
 * Schema migrations, in order, written with Kysely's schema builder so the same code creates the same
 * tables in SQLite and PostgreSQL. Kysely's `Migrator` records which ran (table `kysely_migration`) and takes
 * a lock (PostgreSQL: an advisory lock; SQLite: the database's write lock), so several processes starting
 * together migrate once. Never edit a migration that has shipped: add a new one.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** `BIGINT` holds millisecond times in both dialects (SQLite's INTEGER is 64-bit anyway). */
const TIME = 'bigint';

export const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('scope', 'varchar(200)', (c) => c.notNull())
        .addColumn('key', 'varchar(40)', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', TIME, (c) => c.notNull())
        .addPrimaryKeyConstraint('settings_pk', ['scope', 'key'])
        .execute();

      await db.schema
        .createTable('questions')
        .addColumn('answer_id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('asked_at', TIME, (c) => c.notNull())
        .addColumn('platform', 'varchar(20)', (c) => c.notNull())
        .addColumn('scope', 'varchar(200)', (c) => c.notNull())
        .addColumn('command', 'varchar(40)', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('citations', 'text', (c) => c.notNull())
        .addColumn('collections', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('questions_asked_at').on('questions').column('asked_at').execute();

      await db.schema
        .createTable('votes')
        .addColumn('answer_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('user_hash', 'varchar(80)', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('voted_at', TIME, (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('citations', 'text', (c) => c.notNull())
        .addColumn('collections', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('votes_pk', ['answer_id', 'user_hash'])
        .execute();
      await db.schema.createIndex('votes_user_hash').on('votes').column('user_hash').execute();
      await db.schema.createIndex('votes_voted_at').on('votes').column('voted_at').execute();

      await db.schema
        .createTable('events')
        .addColumn('event_id', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('seen_at', TIME, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cooldowns')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('until', TIME, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['cooldowns', 'events', 'votes', 'questions', 'settings']) await sql`drop table ${sql.table(table)}`.execute(db);
    },
  },
};

/** The migrations above for Kysely's `Migrator` (no files on disk: they ship inside the code). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
