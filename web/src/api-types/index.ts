// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// Every shape, by concern.

export type * from "./common";
export type * from "./live";
export type * from "./history";
export type * from "./twin";
export type * from "./stats";
export type * from "./checkpoints";
export type * from "./command";
export type * from "./admin";
export type * from "./plan";
