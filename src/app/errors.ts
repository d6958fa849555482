/** Startup errors: its own module so the command line can recognise them without loading the start path. */

/**
 * A startup problem the user can fix; its message is one line saying what to do. Adapters cannot import
 * this module (it is above them), so an adapter marks its own such errors by a class name ending in
 * `StartupError` (e.g. `SlackStartupError`); `platformError` (`startup.ts`) passes those on unchanged.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
