//! Following the log in commit order, notifications and leases: on SQLite
//! always, on PostgreSQL where `BORDERFLOW_TEST_POSTGRES` is set (CI).

use std::time::Duration;

use borderflow_core::{Event, EventBody, Id, event::LaneChange};
use borderflow_store::{Layout, LogPos};

fn event(n: u128) -> Event {
    let body = EventBody::LaneOpened(LaneChange { lane: Id::new("D1").unwrap(), officer: None, by: None });
    Event { id: uuid::Uuid::from_u128(n), at: "2026-07-12T10:00:00+08:00".parse().unwrap(), checkpoint: Id::new("khorgos").unwrap(), body }
}

fn ids(read: &borderflow_store::LogRead) -> Vec<u128> {
    read.events.iter().map(|(_, e)| e.id.as_u128()).collect()
}

#[tokio::test]
async fn sqlite_follows_in_order_and_always_holds_the_lease() {
    let dir = tempfile::tempdir().unwrap();
    let store = borderflow_store::open(dir.path().join("l.db").to_str().unwrap(), &Layout::default()).await.unwrap();
    assert!(!store.shared());
    let start = store.log_mark().await.unwrap().settled;
    store.append(&[event(1), event(2)]).await.unwrap();
    store.append(&[event(3)]).await.unwrap();
    let read = store.log_after(start, 2).await.unwrap();
    assert_eq!(ids(&read), [1, 2]);
    let rest = store.log_after(read.settled, 10).await.unwrap();
    assert_eq!(ids(&rest), [3]);
    assert_eq!(store.log_after(rest.settled, 10).await.unwrap().events.len(), 0);
    assert!(store.try_lease(1).await.unwrap().is_some() && store.try_lease(1).await.unwrap().is_some(), "one server: always its own");
    assert!(store.listen().await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_never_passes_a_transaction_that_commits_late() {
    let Some(url) = borderflow_store::testing::fresh_postgres_database("borderflow_log").await else { return };
    let store = borderflow_store::open(&url, &Layout::default()).await.unwrap();
    assert!(store.shared());
    let start = store.log_mark().await.unwrap().settled;
    let mut appends = store.listen().await.unwrap().expect("PostgreSQL announces appends");

    // Transaction A takes seq 1 and stays open; B takes seq 2 and commits.
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut a = pool.begin().await.unwrap();
    let late = event(1);
    sqlx::query("INSERT INTO events (id, checkpoint, at_us, kind, body) VALUES ($1, 'khorgos', 0, 'lane_opened', $2)")
        .bind(late.id)
        .bind(late.to_json_line())
        .execute(&mut *a)
        .await
        .unwrap();
    store.append(&[event(2)]).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), appends.next()).await.expect("the append was announced").unwrap();

    // Following by seq alone would read 2 now and never go back for 1: the log holds 2 back.
    let read = store.log_after(start, 100).await.unwrap();
    assert_eq!(ids(&read), Vec::<u128>::new(), "nothing passes a transaction still open");
    a.commit().await.unwrap();
    let read = store.log_after(read.settled, 100).await.unwrap();
    assert_eq!(ids(&read), [1, 2], "both, in commit order of their transactions");
    assert!(read.settled > LogPos::default());
    assert_eq!(store.log_after(read.settled, 100).await.unwrap().events.len(), 0, "nothing twice");

    // One holder at a time; let go, the next one takes it.
    let held = store.try_lease(7).await.unwrap().expect("a free lease is taken");
    assert!(store.try_lease(7).await.unwrap().is_none(), "a held lease is refused");
    assert!(store.try_lease(8).await.unwrap().is_some(), "another lease is another lock");
    held.release().await;
    assert!(store.try_lease(7).await.unwrap().is_some(), "a released lease is taken");
}

/// A store written before ids were 16 bytes: its text ids are converted in
/// place, and a retry of an old event is still known as a duplicate.
#[tokio::test]
async fn text_ids_of_an_older_sqlite_store_are_converted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = before.migrations.iter().filter(|m| m.version < 20261202000011).cloned().collect::<Vec<_>>().into();
    before.run(&pool).await.unwrap();
    let old = event(0x0190_a0f0_0000_7000_8000_0000_0000_0001);
    sqlx::query("INSERT INTO events (id, checkpoint, at_us, kind, body) VALUES (?, 'khorgos', 0, 'lane_opened', ?)")
        .bind(old.id.to_string())
        .bind(old.to_json_line())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let store = borderflow_store::open(path.to_str().unwrap(), &Layout::default()).await.unwrap();
    let read = store.log_after(LogPos::default(), 10).await.unwrap();
    assert_eq!(ids(&read), [old.id.as_u128()]);
    let again = store.append(&[old.clone(), event(2)]).await.unwrap();
    assert_eq!(again, [borderflow_store::Appended::Duplicate, borderflow_store::Appended::Stored]);
}
