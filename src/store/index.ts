/** The data-access module: open a {@link Store} and use its repositories. */
export { openStore, DEFAULT_DB_FILE, type OpenStoreOptions } from './open.ts';
export { Store, EVENT_KEEP_MS, type PruneResult } from './store.ts';
export { StoreError, describeFault, redactUrl, type StoreFaultReason } from './errors.ts';
export { userHasher } from './user-hash.ts';
export type { QuestionRecord } from './questions.ts';
export type { VoteRecord, VoteOutcome } from './votes.ts';
export type { SharedCooldownResult } from './cooldowns.ts';
