// Who may use `serve`: API tokens with roles, kept hashed in the store.
export {
  ROLES,
  type TokenInfo,
  tokenCheck,
  tokenCreate,
  tokenList,
  tokenNamed,
  tokenRevoke,
} from './tokens.js';
