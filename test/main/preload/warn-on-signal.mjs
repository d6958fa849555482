// Loaded into a spawned bot with NODE_OPTIONS=--import (test/main/warnings.test.ts): on SIGUSR2 it emits a
// process warning, as a failed ranking thread does, so the test can check that the bot's log receives it.
function failedRankingThread() {
  process.emitWarning('ranking thread failed (test): Error: worker gone\n    at rankInWorker (rank-worker.ts:10:5)');
}
process.on('SIGUSR2', failedRankingThread);
