/** The core's tunable values, in one place: defaults shared by the commands and the command line (`quotebot ask --count`), page sizes and picture limits. Search values are in `src/search/params.ts`. */

/** Quotes per `quote` answer when the asker does not say. */
export const DEFAULT_COUNT = 3;
/** Most quotes per `quote` answer. */
export const MAX_COUNT = 10;
/** Passages `context` shows on each side of the cited one when the asker does not say. */
export const DEFAULT_CONTEXT = 2;
/** Most passages `context` shows on each side. */
export const MAX_CONTEXT = 5;
/** Videos listed per `videos` page. */
export const VIDEOS_PAGE = 15;
/** Timeline mentions closer than this many seconds belong to one stretch of discussion. */
export const CLUSTER_GAP_SECONDS = 90;
/** Most moments listed for one timeline (all of them in practice; pages of {@link TIMELINE_PAGE}). */
export const TIMELINE_LIMIT = 5000;
/** Most moments a quote answer reads to find its passing mentions (those outside the passages it lists). */
export const PASSING_MENTIONS_LIMIT = 5000;
/** Timeline moments per page. */
export const TIMELINE_PAGE = 12;
/** Most videos drawn as bars in a timeline picture; the rest are counted as "and N more". */
export const PICTURE_MAX_BARS = 20;
/** Weight of a passing mention (a stretch of one moment) when a timeline picture shades the main discussion. */
export const PASSING_WEIGHT = 0.3;
/** A typed citation's card starts at the cited caption unless that leaves less than this many characters. */
export const MIN_CARD_CHARS = 80;
/** Most collections one server or channel can be bound to (\`settings collections a,b,...\`). */
export const MAX_COLLECTIONS = 20;
