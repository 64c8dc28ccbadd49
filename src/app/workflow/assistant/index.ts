export {
  availableCommands,
  COMMANDS,
  type CommandName,
  type RepoRole,
  type SlashCommand,
  TOOL_NAMES,
} from './commands.js';
export {
  ASSISTANTS,
  type Assistant,
  type AssistantFile,
  assistantFiles,
  claudeCommand,
  claudeMcpJson,
  copilotPrompt,
  MCP_SERVER,
  PACKAGE_NAME,
  parseAssistants,
  vscodeMcpJson,
} from './files.js';
export { isMcpConfig, type McpMerge, mergeMcpConfig } from './mcp-merge.js';
