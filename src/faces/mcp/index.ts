export { createServer, INSTRUCTIONS, serveStdio, toolList } from './server.js';
export { type ToolContext, type ToolDef, tool } from './tool.js';
export { TOOLS } from './tools.js';
