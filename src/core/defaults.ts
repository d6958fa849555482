/** Defaults shared by the commands and the command line (`quotebot ask --count`). */

/** Quotes per `quote` answer when the asker does not say. */
export const DEFAULT_COUNT = 3;
/** Most quotes per `quote` answer. */
export const MAX_COUNT = 10;
/** Passages `context` shows on each side of the cited one when the asker does not say. */
export const DEFAULT_CONTEXT = 2;
/** Most passages `context` shows on each side. */
export const MAX_CONTEXT = 5;
/** Most collections one server or channel can be bound to (\`settings collections a,b,...\`). */
export const MAX_COLLECTIONS = 20;
