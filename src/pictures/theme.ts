/**
 * The pictures' colours and type sizes, shared so the timeline and the quote card look like one product.
 *
 * Every picture is drawn on its own opaque dark panel with a light border, so it reads the same in a
 * light and a dark chat theme (the panel edge shows on both; text never depends on the chat's background).
 */
export const THEME = {
  /** Panel background (top and bottom of the gradient). */
  panelTop: '#18202f',
  panelBottom: '#111722',
  /** Panel border, visible on white and on Discord's/Slack's dark greys. */
  border: '#3b475c',
  /** Main text. */
  text: '#eef2f8',
  /** Secondary text (channel, times, subtitles). */
  muted: '#9aa7bb',
  /** Bar track. */
  track: '#2c3648',
  /** Marks and the accent (amber: distinct from both themes' backgrounds and from link blue). */
  accent: '#ffb224',
  /** The first-mention label and tick (teal). */
  first: '#4fd1c5',
  /** Corner radius of the panel. */
  radius: 22,
} as const;
