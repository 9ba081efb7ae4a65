//! A station forwarding its events to a national centre
//! (`borderflow serve --forward-to URL --forward-token T`). The station keeps
//! working on its own store whatever the wide-area link does; the feed reads
//! the station's event log in order from the centre's cursor and posts it to
//! the centre's idempotent ingest with the e-gate's uplink (batches, retries
//! with jittered back-off, refusals reported), moving the cursor only on the
//! centre's answer. A batch whose answer was lost is sent again and the centre
//! counts it once (ids), so every event arrives exactly once, in order, after
//! outages of any length.

use std::time::Duration;

use borderflow_gate::spool::Spooled;
use borderflow_gate::uplink::{Outbox, Uplink, UplinkError};
use borderflow_store::{EventLog, LogPos, SqliteStore};

/// The station's event log as the uplink's outbox, for one centre.
#[derive(Debug)]
pub struct StationFeed {
    store: SqliteStore,
    /// The centre's URL: the cursor's name.
    centre: String,
}

impl StationFeed {
    /// The feed of the station store at `path` to `centre`.
    pub fn new(store: SqliteStore, centre: &str) -> StationFeed {
        StationFeed { store, centre: centre.trim_end_matches('/').to_owned() }
    }

    /// Events the centre has not taken yet.
    pub async fn backlog(&self) -> Result<i64, borderflow_store::StoreError> {
        self.store.unforwarded(&self.centre).await
    }
}

fn outbox_error(e: borderflow_store::StoreError) -> UplinkError {
    UplinkError::Outbox(e.to_string())
}

impl Outbox for StationFeed {
    async fn pending(&self, limit: i64) -> Result<Vec<Spooled>, UplinkError> {
        let after = self.store.forwarded(&self.centre).await.map_err(outbox_error)?;
        let read = self.store.log_after(LogPos { tx: 0, seq: after }, limit).await.map_err(outbox_error)?;
        Ok(read.events.into_iter().map(|(at, e)| Spooled { seq: at.seq, line: e.to_json_line() }).collect())
    }

    async fn delivered(&self, through: i64, refused: &[(i64, String, String)]) -> Result<(), UplinkError> {
        if !refused.is_empty() {
            // The centre's configuration lacks what the station sends (a
            // checkpoint it does not carry, a token for another): the events
            // stay in the station's store, and the operator is told.
            tracing::error!(count = refused.len(), first = ?refused.first(), "the centre refused forwarded events; they remain in this station's store");
        }
        self.store.set_forwarded(&self.centre, through).await.map_err(outbox_error)
    }
}

/// Forwards the station's log to `centre` until the process ends.
pub fn spawn(feed: StationFeed, token: &str) {
    let uplink = Uplink::new(&feed.centre, token).with_batch(1000);
    tokio::spawn(uplink.run(feed, Duration::from_millis(200)));
}
