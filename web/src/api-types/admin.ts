// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// The admin page.


/**
 * A user as listed (never the hash).
 */

export type UserInfo = { 
/**
 * Sign-in name.
 */
name: string, 
/**
 * Role.
 */
role: string, 
/**
 * The one checkpoint they are restricted to.
 */
checkpoint: string | null, 
/**
 * RFC 3339.
 */
created_at: string, 
/**
 * Who added them.
 */
created_by: string, 
/**
 * When they were disabled.
 */
disabled_at: string | null, 
/**
 * When the password was last set.
 */
password_changed_at: string, };

/**
 * A message given up on.
 */

export type FailedMessage = { 
/**
 * Outbox id.
 */
id: number, 
/**
 * The hook's name.
 */
hook: string, 
/**
 * `alert` or `instruction`.
 */
kind: string, 
/**
 * Checkpoint.
 */
checkpoint: string, 
/**
 * When it was queued (RFC 3339).
 */
created_at: string, 
/**
 * Tries made.
 */
attempts: number, 
/**
 * When it was given up on (RFC 3339).
 */
failed_at: string | null, 
/**
 * The last try's error.
 */
last_error: string | null, 
/**
 * The body that was to be sent.
 */
body: unknown, };
