/**
 * The database schema as TypeScript types (Kysely's `Database` interface). The tables are created by
 * `migrations.ts`; both dialects (SQLite, PostgreSQL) have the same tables and columns.
 *
 * Times are milliseconds since 1970 (`BIGINT` in PostgreSQL, `INTEGER` in SQLite). No column holds a
 * platform user id in clear text: users appear only as `user_hash`, an HMAC of the id (see `user-hash.ts`).
 */
/** One setting of one scope, e.g. scope `discord:guild:123`, key `count`, value `5`. */
export interface SettingsTable {
  scope: string;
  key: string;
  value: string;
  updated_at: number;
}

/** One question answered (or not) by the bot. */
export interface QuestionsTable {
  /** Id of the answer the question got (primary key); votes refer to it. */
  answer_id: string;
  asked_at: number;
  platform: string;
  /** Where it was asked, e.g. `discord:guild:123` (no user). */
  scope: string;
  command: string;
  question: string;
  /** 1 when the answer quoted something, 0 when nothing in the transcripts covered it. */
  answered: number;
  /** JSON array of the citations shown, e.g. `["abc@12","def@40"]`. */
  citations: string;
  /** Comma-separated collections searched, or '' for all. */
  collections: string;
}

/** One user's vote on one answer (changeable: the primary key is answer + user). */
export interface VotesTable {
  answer_id: string;
  user_hash: string;
  /** 1 helpful, 0 not helpful. */
  helpful: number;
  voted_at: number;
  question: string;
  citations: string;
  collections: string;
}

/** Slack (or any platform) event ids already taken by some process, for de-duplication. */
export interface EventsTable {
  event_id: string;
  seen_at: number;
}

/** Per-user cooldown shared by processes: a key is blocked until `until`. */
export interface CooldownsTable {
  key: string;
  until: number;
}

export interface Database {
  settings: SettingsTable;
  questions: QuestionsTable;
  votes: VotesTable;
  events: EventsTable;
  cooldowns: CooldownsTable;
}
