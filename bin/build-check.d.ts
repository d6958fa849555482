/** Types of bin/build-check.js (plain JavaScript: it runs before anything is compiled); see its comments. */
export declare const BUILD_INFO: string;
export declare function tsFiles(root: string, folder: string): string[];
export declare function sourceStamps(root: string, now?: number): Record<string, [number, number] | [number, number, string]>;
export type BuildState = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; file: string };
export declare function buildState(root: string): BuildState;
