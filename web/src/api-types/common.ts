// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.
// Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.
// Identifiers and words shared by everything.


/**
 * A short identifier: 1–64 bytes of ASCII letters, digits and `_ - . : / @`.
 *
 * Kept narrow on purpose: ids end up in URLs, metric labels, CSV columns and
 * SQL, and none of those should need escaping.
 */

export type Id = string;

/**
 * A thing's name per language (`{ zh = "首次过境", en = "First-time travellers" }`).
 */

export type Names = { [key in string]: string };

/**
 * Which way a traveller crosses.
 */

export type Direction = "entry" | "exit";

/**
 * Manual desk or self-service e-gate.
 */

export type LaneKind = "manual" | "egate";

/**
 * Where a wait stands against the standard. The one rule the queue table,
 * the alerts, the KPIs and the dashboard all follow ([`Standard::level`]).
 */

export type WaitLevel = "ok" | "warning" | "breach";

/**
 * A point on a hall's floor plan, metres from its corner (for the dashboard's map).
 */

export type Place = { 
/**
 * Metres along the hall.
 */
x_m: number, 
/**
 * Metres across it.
 */
y_m: number, };
