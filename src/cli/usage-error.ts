/** A mistake in the command line itself (exit code 2), e.g. an unknown `--collection`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
