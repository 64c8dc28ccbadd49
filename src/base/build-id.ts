// Set by the build (scripts/build.mjs); absent when the sources run directly, as in unit tests.
declare const __PAPERTRAIL_BUILD__: string | undefined;

/** Differs between any two builds, so a cache never hands one build's results to another. */
export const BUILD_ID: string = typeof __PAPERTRAIL_BUILD__ === 'string' ? __PAPERTRAIL_BUILD__ : 'sources';
