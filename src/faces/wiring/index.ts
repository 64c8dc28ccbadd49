// What the faces wire alike: the use cases one app folder lends another, which app folders cannot
// import themselves. The CLI and the HTTP server take the same table from here.
export { opsDeps } from './ops-deps.js';
