export {
  availableCommands,
  COMMANDS,
  type CommandName,
  modelInvocable,
  READ_ONLY_TOOLS,
  type RepoRole,
  SKILL_PREFIX,
  type SlashCommand,
  skillName,
  TOOL_NAMES,
  type ToolName,
} from './commands.js';
export {
  ASSISTANTS,
  type Assistant,
  type AssistantFile,
  assistantFiles,
  claudeMcpJson,
  claudeSkill,
  claudeToolName,
  copilotSkill,
  MCP_SERVER,
  PACKAGE_NAME,
  parseAssistants,
  SKILL_DIRS,
  skillPath,
  vscodeMcpJson,
} from './files.js';
export {
  isPapertrailsOwn,
  type LegacyFile,
  type LegacyMigration,
  legacyFiles,
  migrateLegacy,
} from './legacy.js';
export { isMcpConfig, type McpMerge, mergeMcpConfig } from './mcp-merge.js';
