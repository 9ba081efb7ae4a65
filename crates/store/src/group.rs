//! Group commit: concurrent appends share one transaction (one fsync), each
//! caller still told exactly what happened to its own events. It wraps only
//! the append: everything else goes to the store itself.

use std::sync::Arc;

use borderflow_core::Event;
use tokio::sync::{mpsc, oneshot};

use crate::{Appended, EventStore, StoreError};

type Reply = oneshot::Sender<Result<Vec<Appended>, StoreError>>;

/// Wraps a store so that appends arriving together are written together.
#[derive(Debug)]
pub struct GroupCommit {
    tx: mpsc::Sender<(Vec<Event>, Reply)>,
}

impl GroupCommit {
    /// Starts the writer task (on the current tokio runtime). `max_events`
    /// caps one transaction.
    pub fn new(store: Arc<dyn EventStore>, max_events: usize) -> GroupCommit {
        let (tx, mut rx) = mpsc::channel::<(Vec<Event>, Reply)>(1024);
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
        GroupCommit { tx }
    }

    /// Stores the events not stored before, sharing a transaction with
    /// whatever else arrives meanwhile; the answer is this caller's, as
    /// [`EventStore::append`] gives it, errors included (a full disk stays a full disk).
    pub async fn append(&self, events: &[Event]) -> Result<Vec<Appended>, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((events.to_vec(), reply)).await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?
    }
}
