/** The question log: what was asked, where (scope, never the user), whether it was answered, what was cited. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** One question as logged. */
export interface QuestionRecord {
  /** Id of the answer (votes refer to it), e.g. `a7K2QX9`. */
  answerId: string;
  askedAt: number;
  platform: string;
  /** Where it was asked, e.g. `discord:guild:123`; never a user. */
  scope: string;
  /** Command that asked, e.g. `quote`. */
  command: string;
  question: string;
  /** False when nothing in the transcripts covered it. */
  answered: boolean;
  /** Citations shown, e.g. `['abc@12']`. */
  citations: string[];
  /** Collections searched; empty for all. */
  collections: string[];
}

export class QuestionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async record(q: QuestionRecord): Promise<void> {
    await this.db
      .insertInto('questions')
      .values({
        answer_id: q.answerId,
        asked_at: q.askedAt,
        platform: q.platform,
        scope: q.scope,
        command: q.command,
        question: q.question.slice(0, 500),
        answered: q.answered ? 1 : 0,
        citations: JSON.stringify(q.citations),
        collections: q.collections.join(','),
      })
      .onConflict((oc) => oc.column('answer_id').doNothing())
      .execute();
  }

  /** The logged question of an answer, or undefined. */
  async find(answerId: string): Promise<QuestionRecord | undefined> {
    const row = await this.db.selectFrom('questions').selectAll().where('answer_id', '=', answerId).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Questions asked in [since, until), oldest first. */
  async list(since: number, until: number): Promise<QuestionRecord[]> {
    const rows = await this.db
      .selectFrom('questions')
      .selectAll()
      .where('asked_at', '>=', since)
      .where('asked_at', '<', until)
      .orderBy('asked_at')
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: Database['questions']): QuestionRecord {
  return {
    answerId: row.answer_id,
    askedAt: Number(row.asked_at),
    platform: row.platform,
    scope: row.scope,
    command: row.command,
    question: row.question,
    answered: Number(row.answered) === 1,
    citations: parseList(row.citations),
    collections: row.collections ? row.collections.split(',') : [],
  };
}

/** A JSON array of strings from the database; anything else reads as empty (a hand-edited row must not break the report). */
export function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    // Not JSON (edited by hand): treat as no citations, as documented above.
    return [];
  }
}
