/** Feedback votes: one per user (as a keyed hash) per answer, changeable. */
import type { Kysely } from 'kysely';
import { parseList } from './questions.ts';
import type { Database } from './schema.ts';

/** One vote. */
export interface VoteRecord {
  answerId: string;
  /** `userHasher(secret)(platform, id)`, never the id. */
  userHash: string;
  helpful: boolean;
  votedAt: number;
  question: string;
  citations: string[];
  collections: string[];
}

/** What casting did: a first vote, a changed vote, or the same vote again. */
export type VoteOutcome = 'new' | 'changed' | 'same';

export class VotesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a vote, replacing the user's earlier vote on the same answer. */
  async cast(v: VoteRecord): Promise<VoteOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('votes')
        .select('helpful')
        .where('answer_id', '=', v.answerId)
        .where('user_hash', '=', v.userHash)
        .executeTakeFirst();
      const helpful = v.helpful ? 1 : 0;
      await trx
        .insertInto('votes')
        .values({
          answer_id: v.answerId,
          user_hash: v.userHash,
          helpful,
          voted_at: v.votedAt,
          question: v.question.slice(0, 500),
          citations: JSON.stringify(v.citations),
          collections: v.collections.join(','),
        })
        .onConflict((oc) => oc.columns(['answer_id', 'user_hash']).doUpdateSet({ helpful, voted_at: v.votedAt }))
        .execute();
      if (!before) return 'new';
      return Number(before.helpful) === helpful ? 'same' : 'changed';
    });
  }

  /** Deletes every vote of a user; returns how many. */
  async forget(userHash: string): Promise<number> {
    const result = await this.db.deleteFrom('votes').where('user_hash', '=', userHash).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Votes cast in [since, until) (without the user hash: reports need no user). */
  async list(since: number, until: number): Promise<Array<Omit<VoteRecord, 'userHash'>>> {
    const rows = await this.db
      .selectFrom('votes')
      .select(['answer_id', 'helpful', 'voted_at', 'question', 'citations', 'collections'])
      .where('voted_at', '>=', since)
      .where('voted_at', '<', until)
      .orderBy('voted_at')
      .execute();
    return rows.map((r) => ({
      answerId: r.answer_id,
      helpful: Number(r.helpful) === 1,
      votedAt: Number(r.voted_at),
      question: r.question,
      citations: parseList(r.citations),
      collections: r.collections ? r.collections.split(',') : [],
    }));
  }

  /** How many votes a user has (for tests and `forget-me`'s reply). */
  async countOf(userHash: string): Promise<number> {
    const row = await this.db.selectFrom('votes').select((eb) => eb.fn.countAll().as('n')).where('user_hash', '=', userHash).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
