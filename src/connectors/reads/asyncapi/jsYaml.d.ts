// js-yaml (which the AsyncAPI parser brings) ships no types; this is the one function used.
declare module 'js-yaml' {
  export function dump(value: unknown, options?: { noRefs?: boolean; lineWidth?: number; sortKeys?: boolean }): string;
}
