/**
 * Exit codes of `quotebot start` and `quotebot shard`, for a supervisor. 0: stopped by SIGTERM/SIGINT (or
 * end of input in the console). 1: could not start (configuration, token refused at login, missing or
 * empty transcripts folder): fix the setting, restarting alone will not help. 2: bad command line. 3: a
 * platform connection was lost for good while serving (e.g. Discord closed the gateway with 4004 after the
 * token was reset; under `quotebot shard`, any shard's): the line before says why; restart (with backoff)
 * or alert.
 * @example process.exitCode = EXIT.connectionLost;
 */
export const EXIT = { stopped: 0, startup: 1, usage: 2, connectionLost: 3 } as const;
