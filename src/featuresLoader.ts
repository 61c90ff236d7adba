import type * as Features from './features';

let features: typeof Features | undefined;

/**
 * The module of everything activation does not need (src/features.ts). The build makes it a bundle of its
 * own (dist/lazy/features.js) that takes every module activation has from the activation bundle, so state
 * lives once; required on first use, synchronously, so a command's stand-in hands over in the same call.
 */
export function featuresModule(): typeof Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose, see above.
  features ??= require('./features') as typeof Features;
  return features;
}
