/** Access tokens live at most this long (15 min): revocation entries are kept as long, no longer. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;
