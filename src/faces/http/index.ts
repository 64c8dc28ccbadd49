// The HTTP face: `serve`'s API, live events, webhooks, health and metrics.
export { type Caller, type Route, registerRoute } from './routes.js';
export { type Running, type ServeOptions, startServer } from './server.js';
