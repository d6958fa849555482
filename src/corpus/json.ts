/** JSON parsing for caption files that never throws: a syntax error becomes a warning with its line. */
import type { ParseWarning } from './parsed.ts';

export type JsonResult = { ok: true; value: unknown } | { ok: false; warning: ParseWarning };

/**
 * Parses JSON text (a BOM is ignored). On failure returns a warning naming the line of the error
 * when the engine reports a position. Deep nesting that exhausts the stack is reported, not thrown.
 */
export function parseJsonText(text: string): JsonResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const lineMatch = /line (\d+)/.exec(message);
    const line = position ? lineOf(body, Number(position[1])) : lineMatch ? Number(lineMatch[1]) : undefined;
    const reason = error instanceof RangeError ? 'JSON nested too deeply' : `invalid JSON: ${message.slice(0, 120)}`;
    return { ok: false, warning: line !== undefined ? { line, message: reason } : { message: reason } };
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
