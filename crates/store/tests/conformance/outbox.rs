//! The outbox part of the story: queued durably, claimed once, settled.

use borderflow_store::{EventStore, NewMessage, Settled};

pub async fn story(store: &dyn EventStore) {
    let msg = |body: &str, next_us| NewMessage {
        hook: "chat".into(),
        kind: "alert".into(),
        checkpoint: "khorgos".into(),
        body: body.into(),
        created_at: "2026-12-01T09:00:00Z".into(),
        next_us,
    };
    store.enqueue(&[msg("{\"a\":1}", 100), msg("{\"a\":2}", 100), msg("{\"a\":3}", 500)]).await.unwrap();
    store.enqueue(&[]).await.unwrap();
    let due = store.due(100, 10).await.unwrap();
    assert_eq!(due.iter().map(|m| m.new.body.as_str()).collect::<Vec<_>>(), ["{\"a\":1}", "{\"a\":2}"], "oldest first, not before next_us");
    let (one, two) = (&due[0], &due[1]);
    assert_eq!((one.attempts, one.delivered_at.as_deref(), one.new.kind.as_str()), (0, None, "alert"));

    // Two servers race for a message: one claims it.
    assert!(store.claim(one.id, 0, 1_000).await.unwrap());
    assert!(!store.claim(one.id, 0, 1_000).await.unwrap(), "claimed already");
    assert!(store.due(100, 10).await.unwrap().iter().all(|m| m.id != one.id), "held by its lease");
    store.settle(one.id, &Settled::Delivered { at: "2026-12-01T09:00:01Z".into() }).await.unwrap();
    assert!(store.due(10_000, 10).await.unwrap().iter().all(|m| m.id != one.id), "delivered: never again");

    // A retry comes back when due, with its error; then fails for good.
    assert!(store.claim(two.id, 0, 1_000).await.unwrap());
    store.settle(two.id, &Settled::Retry { next_us: 2_000, error: "503".into() }).await.unwrap();
    assert!(store.due(1_999, 10).await.unwrap().iter().all(|m| m.id != two.id));
    let again = store.due(2_000, 10).await.unwrap().into_iter().find(|m| m.id == two.id).unwrap();
    assert_eq!((again.attempts, again.last_error.as_deref()), (1, Some("503")));
    assert!(store.claim(two.id, 1, 3_000).await.unwrap());
    store.settle(two.id, &Settled::Failed { at: "2026-12-01T10:00:00Z".into(), error: "connection refused".into() }).await.unwrap();
    let failed = store.failed_messages(10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0].id, failed[0].attempts, failed[0].last_error.as_deref()), (two.id, 2, Some("connection refused")));
    assert!(store.due(1_000_000, 10).await.unwrap().iter().all(|m| m.id != two.id), "failed: not retried by itself");

    // An admin sends it again.
    assert!(store.requeue(two.id, 5_000).await.unwrap());
    assert!(!store.requeue(two.id, 5_000).await.unwrap(), "not failed any more");
    let back = store.due(5_000, 10).await.unwrap().into_iter().find(|m| m.id == two.id).unwrap();
    assert_eq!((back.attempts, back.failed_at), (0, None));
    assert!(store.failed_messages(10).await.unwrap().is_empty());
}
