//! Group commit: concurrent appends share one transaction (one fsync), each
//! caller still told exactly what happened to its own events.

use std::sync::Arc;

use async_trait::async_trait;
use borderflow_core::Event;
use jiff::Timestamp;
use tokio::sync::{mpsc, oneshot};

use crate::rollup::{DayRollup, LaneRow};
use crate::{Appended, DirtyDay, EventStore, StatsQuery, StatsRow, StoreError, TokenRecord, TwinScore};

type Reply = oneshot::Sender<Result<Vec<Appended>, StoreError>>;

/// Wraps a store so that appends arriving together are written together.
#[derive(Debug)]
pub struct GroupCommit {
    inner: Arc<dyn EventStore>,
    tx: mpsc::Sender<(Vec<Event>, Reply)>,
}

impl GroupCommit {
    /// Starts the writer task (on the current tokio runtime). `max_events`
    /// caps one transaction.
    pub fn new(inner: Arc<dyn EventStore>, max_events: usize) -> GroupCommit {
        let (tx, mut rx) = mpsc::channel::<(Vec<Event>, Reply)>(1024);
        let store = inner.clone();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                let mut n = batch[0].0.len();
                while n < max_events {
                    match rx.try_recv() {
                        Ok(next) => {
                            n += next.0.len();
                            batch.push(next);
                        }
                        Err(_) => break,
                    }
                }
                let all: Vec<Event> = batch.iter().flat_map(|(e, _)| e.iter().cloned()).collect();
                match store.append(&all).await {
                    Ok(answers) => {
                        // Ids repeated across callers of one group: the later caller sees Duplicate, as it would have.
                        let mut rest = answers.into_iter();
                        for (events, reply) in batch {
                            let mine: Vec<Appended> = rest.by_ref().take(events.len()).collect();
                            let _ = reply.send(Ok(mine));
                        }
                    }
                    Err(e) => {
                        for (_, reply) in batch {
                            let _ = reply.send(Err(e.clone()));
                        }
                    }
                }
            }
        });
        GroupCommit { inner, tx }
    }

    /// The wrapped store.
    pub fn inner(&self) -> &Arc<dyn EventStore> {
        &self.inner
    }
}

#[async_trait]
impl EventStore for GroupCommit {
    async fn append(&self, events: &[Event]) -> Result<Vec<Appended>, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((events.to_vec(), reply)).await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?
    }
    async fn replay(&self, after_seq: i64, limit: i64) -> Result<Vec<(i64, Event)>, StoreError> {
        self.inner.replay(after_seq, limit).await
    }
    async fn events_between(&self, checkpoint: &str, from: Timestamp, to: Timestamp) -> Result<Vec<Event>, StoreError> {
        self.inner.events_between(checkpoint, from, to).await
    }
    async fn lane_history(&self, checkpoint: &str, before: Timestamp) -> Result<Vec<Event>, StoreError> {
        self.inner.lane_history(checkpoint, before).await
    }
    async fn count(&self) -> Result<i64, StoreError> {
        self.inner.count().await
    }
    async fn dirty_days(&self) -> Result<Vec<DirtyDay>, StoreError> {
        self.inner.dirty_days().await
    }
    async fn write_rollups(&self, day: &DirtyDay, rollup: &DayRollup) -> Result<(), StoreError> {
        self.inner.write_rollups(day, rollup).await
    }
    async fn lane_stats(&self, checkpoint: &str, from_day: &str, to_day: &str) -> Result<Vec<LaneRow>, StoreError> {
        self.inner.lane_stats(checkpoint, from_day, to_day).await
    }
    async fn stats(&self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
        self.inner.stats(q).await
    }
    async fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        self.inner.insert_token(t).await
    }
    async fn token(&self, id: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.inner.token(id).await
    }
    async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.inner.tokens().await
    }
    async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError> {
        self.inner.revoke_token(id, at).await
    }
    async fn put_plan(&self, checkpoint: &str, day: &str, body: &str, pushed_at: &str) -> Result<(), StoreError> {
        self.inner.put_plan(checkpoint, day, body, pushed_at).await
    }
    async fn plan(&self, checkpoint: &str, day: &str) -> Result<Option<(String, String)>, StoreError> {
        self.inner.plan(checkpoint, day).await
    }
    async fn add_twin_scores(&self, checkpoint: &str, scores: &[TwinScore], forget_before_s: f64) -> Result<(), StoreError> {
        self.inner.add_twin_scores(checkpoint, scores, forget_before_s).await
    }
    async fn twin_scores(&self, checkpoint: &str, since_s: f64) -> Result<Vec<TwinScore>, StoreError> {
        self.inner.twin_scores(checkpoint, since_s).await
    }
    async fn put_alerts(&self, checkpoint: &str, body: &str, saved_at: &str) -> Result<(), StoreError> {
        self.inner.put_alerts(checkpoint, body, saved_at).await
    }
    async fn alerts(&self, checkpoint: &str) -> Result<Option<String>, StoreError> {
        self.inner.alerts(checkpoint).await
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.inner.ping().await
    }
}
