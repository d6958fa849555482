/**
 * The platform-neutral contract between the command core and the adapters.
 *
 * An adapter turns a platform event into a {@link Request}, gives it to the core, and renders the
 * {@link Answer} it gets back. Adapters never search, rank, page or rate-limit themselves.
 */

/** Which adapter a request came from (for cooldown keys, logging and rendering hints only). */
export type Platform = 'console' | 'cli' | 'discord' | 'slack';

/**
 * A quoted passage, ready to render.
 *
 * @example
 * { text: 'the gpus appeared in our lab in our Toronto lab thanks to Jeff...', videoId: 'f96Xrg4uNik',
 *   videoTitle: 'Ilya Sutskever | The era of AI will come in full swing', start: 272, end: 289,
 *   approximate: true, url: 'https://www.youtube.com/watch?v=f96Xrg4uNik&t=272s',
 *   timeLabel: '≈4:32', citation: 'f96Xrg4uNik@272' }
 */
export interface Quote {
  /** Verbatim transcript text (an exact substring of the cleaned transcript). Never markup-escaped. */
  text: string;
  /**
   * What adapters show: by default `text` in clean verbatim (the speaker's fillers "uh"/"um" and immediate
   * repeats of one to three words left out, nothing else changed), with "…" where the quote starts or ends
   * inside a sentence; with `QUOTE_STYLE=exact`, `text` itself with those marks. Absent: show `text`.
   * @example '…you had the Insight that the GPU could actually be useful…'
   */
  display?: string;
  videoId: string;
  videoTitle: string;
  channel?: string;
  /** Start and end in seconds. */
  start: number;
  end: number;
  /** True when the time is an estimate; renderers show `≈`. */
  approximate: boolean;
  /** Link that opens the video at `start` (integer seconds), or undefined when the video has no URL. */
  url?: string;
  /** `m:ss` or `h:mm:ss`, prefixed with `≈` when approximate. */
  timeLabel: string;
  speaker?: string;
  chapter?: string;
  /** Stable citation id `videoId@seconds`, accepted by `context`. */
  citation: string;
  /**
   * Optional short plain-text annotation shown with the quote, e.g. `first mention` or
   * `most extensive discussion` (timeline), `cited moment` (context).
   */
  note?: string;
}

/** A video as listed by `videos`. */
export interface VideoSummary {
  id: string;
  title: string;
  channel?: string;
  /**
   * The collection (transcripts subfolder) the video is in, or `(top level)`; only set when the corpus has
   * collections. @example 'podcast'
   */
  collection?: string;
  /** Length in seconds, when known. */
  duration?: number;
  /** `m:ss` / `h:mm:ss` of the duration, when known. */
  durationLabel?: string;
  url?: string;
}

/**
 * One moment on a timeline picture.
 *
 * @example { start: 272, end: 289, weight: 1 }
 */
export interface TimelineMoment {
  /** Start and end in seconds. */
  start: number;
  end: number;
  /**
   * How strongly the mark is drawn, 0-1: 1 for the moments of the most extensive discussion in the
   * picture, lower for a passing mention (derived from how many mentions its stretch of discussion has).
   */
  weight: number;
}

/** One video's bar on a timeline picture. */
export interface TimelineBar {
  videoId: string;
  title: string;
  /** Length of the video in seconds (the sidecar's duration, else the end of the last caption). */
  duration: number;
  /** Every moment the topic is said in this video, in time order. */
  moments: TimelineMoment[];
  /** The first mention: its start and its time label (`4:32`, `≈4:32`). */
  first: { start: number; label: string };
  /** The most extensive discussion (when the video has more than one moment): its extent and label `12:10-15:40`. */
  extensive?: { start: number; end: number; label: string };
}

/**
 * What a timeline picture shows: plain data, drawn by `src/pictures/timeline.ts`.
 *
 * @example { kind: 'timeline', title: 'Timeline of "gpus"', subtitle: '5 moments in 1 video', bars: [...], more: 0 }
 */
export interface TimelinePicture {
  kind: 'timeline';
  /** Heading, e.g. `Timeline of "gpus"`. */
  title: string;
  /** Second line, e.g. `5 moments in 1 video`. */
  subtitle: string;
  /** At most 20 bars, videos with the most moments first. */
  bars: TimelineBar[];
  /** Videos left out of the picture ("and N more"). */
  more: number;
}

/** A quote card: one quote drawn as a shareable image by `src/pictures/card.ts`. */
export interface CardPicture {
  kind: 'card';
  quote: Quote;
}

/**
 * A picture that goes with an answer. The core describes it as data; adapters draw it (with
 * `src/pictures`) and attach the PNG, after the text if drawing is slow.
 */
export type Picture = TimelinePicture | CardPicture;

/** One button an adapter may draw under an answer. Its state lives entirely in `token`. */
export interface AnswerAction {
  /**
   * `more`: next page; `context`: passages around the first quote; `share`: post publicly; `card`: post
   * the first quote as an image (a quote card); `helpful` / `not-helpful`: a feedback vote on the answer
   * (anyone who sees it may vote).
   */
  kind: 'more' | 'context' | 'share' | 'card' | 'helpful' | 'not-helpful';
  /** Button label, e.g. "More". */
  label: string;
  /**
   * Self-contained continuation the core can resume from after a restart: give it back as
   * `{ command: 'resume', args: { token } }`. At most 64 characters, printable ASCII, no `|`.
   */
  token: string;
}

/**
 * What the core answers. One shape for every command; fields that do not apply are absent.
 * Text fields are plain text (no platform markup); adapters escape and format them.
 */
export interface Answer {
  /** What kind of answer this is; renderers may style by it. */
  kind: 'quotes' | 'videos' | 'help' | 'verify' | 'timeline' | 'context' | 'notice' | 'error';
  /** Heading, e.g. `Quotes about "scaling laws"` (plain text). */
  title?: string;
  /** Plain explanatory text, e.g. "No passage mentions 'xyzzy'. Did you mean: ...". */
  text?: string;
  /** Quotes in display order. */
  quotes?: Quote[];
  /** Grouped quotes (timeline: one group per video; context: one group). */
  groups?: Array<{ heading: string; quotes: Quote[]; notes?: string[] }>;
  videos?: VideoSummary[];
  /** Help: one entry per command, derived from the command table. */
  commands?: Array<{ name: string; usage: string; description: string; examples: string[] }>;
  /** Verify details. */
  verify?: {
    verdict: 'verbatim' | 'near' | 'none';
    /** The verdict in a few words, e.g. `Said word for word` (the same on every platform). */
    label: string;
    similarity: number;
    differences: Array<{ claimed: string; said: string }>;
  };
  /** Paging: `Showing 1-3 of 9`. */
  page?: { offset: number; count: number; total: number };
  /** A picture to attach (timeline image, quote card); adapters draw it without holding up the text. */
  picture?: Picture;
  /** Buttons that apply to this answer. */
  actions?: AnswerAction[];
  /** True when only the asker should see it (cooldown notices, errors, help). */
  ephemeral?: boolean;
  /**
   * True for a notice the asker has already had (a repeated cooldown refusal within one window): an
   * adapter sends nothing unless the platform requires an acknowledgement (a Discord interaction), and
   * then only privately. Absent otherwise.
   */
  quiet?: boolean;
  /**
   * A further answer still being prepared (the chat `add` answers "fetching 12 videos ..." at once and
   * its summary when the downloads end). Adapters send it as another message to the same person and
   * place when it resolves. It never rejects: the bot turns a failure into an error answer.
   */
  followUp?: Promise<Answer>;
  /** For errors: a short id that also appears in the log line with the stack. */
  reference?: string;
  /**
   * Set when the bot logged the question of this answer: vote on it with `feedback helpful answer:<id>`
   * (adapters may draw Helpful / Not helpful buttons that send that).
   */
  feedback?: { answerId: string };
}

/** Argument values after parsing: strings and integers only. */
export type Args = Record<string, string | number | undefined>;

/** Who asks, and from where. */
export interface Requester {
  platform: Platform;
  /** Platform user id (the cooldown and paging-ownership key). */
  userId: string;
  /** True when the platform says this user may run admin commands (e.g. `reload`). */
  isAdmin?: boolean;
  /**
   * The community asked in: Discord server (guild) id, Slack workspace (team) id. Settings are kept per
   * space and per channel. Absent on the console and in direct messages.
   * @example '80351110224678912'
   */
  space?: string;
  /** The channel asked in (Discord channel id, Slack channel id), for per-channel settings. */
  channel?: string;
}

/** A parsed request for the core. */
export interface Request {
  /** Command name or alias from the command table (or `resume` for a button token). */
  command: string;
  args: Args;
  user: Requester;
}

/** Types of command options; adapters map them to platform types. */
export type OptionType = 'string' | 'integer';

/**
 * One option of a command.
 *
 * @example
 * { name: 'topic', type: 'string', description: 'What to find quotes about', required: true, rest: true,
 *   autocomplete: 'topic' }
 */
export interface CommandOption {
  name: string;
  type: OptionType;
  /** One line, <= 100 characters (Discord's limit). */
  description: string;
  /** Default false. */
  required?: boolean;
  /** In text syntax, this option takes the rest of the line (only the first positional may). Default false. */
  rest?: boolean;
  /** Which corpus list completes this option in adapters that support autocomplete. */
  autocomplete?: 'topic' | 'video' | 'speaker';
  /** Bounds for integers. */
  min?: number;
  max?: number;
}

/**
 * The static part of one command, plain data (its handler lives beside it in `src/core/commands/<name>.ts`).
 * Discord registration, Slack usage text, the console parser and `help` are all derived from the table of these.
 */
export interface CommandSpec {
  /** Lowercase name, 1-32 chars, `[a-z0-9_-]` (Discord's rule). */
  name: string;
  /** Other names the text parser accepts, e.g. `ask` for `quote`. */
  aliases?: string[];
  /** One line, <= 100 characters. */
  description: string;
  options: CommandOption[];
  /** Example invocations in text syntax, e.g. `quote scaling laws`. */
  examples: string[];
  /** Only admins may run it. Default false. */
  adminOnly?: boolean;
  /** Hidden from help and slash-command registration (internal commands like `resume`). Default false. */
  hidden?: boolean;
}
