//! A full disk never costs an acknowledged event: appends fail with
//! [`StoreError::Full`] while there is no room, everything acknowledged before,
//! during and after is stored (a separate reader sees it, and so does the
//! file reopened), and writes succeed again by themselves once room returns.
//!
//! SQLite reaches its real SQLITE_FULL path through `max_page_count`
//! ([`PageCap`]); PostgreSQL's failed COMMIT is a deferred constraint trigger
//! raising `disk_full` at commit time, in a database of its own.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use borderflow_core::{Event, Scenario};
use borderflow_sim::{Exporter, Model};
use borderflow_store::{Appended, EventStore, GroupCommit, Layout, PageCap, SqliteStore, StoreError};

fn khorgos() -> Scenario {
    Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
}

fn simulated_day(s: &Scenario) -> Vec<Event> {
    let mut sim = Vec::new();
    Model::new(s).run(3, &mut sim);
    let mut ex = Exporter::new(s, 3);
    sim.iter().map(|e| ex.convert(e)).collect()
}

/// Every stored event id, read through `store`.
async fn stored_ids(store: &dyn EventStore) -> HashSet<uuid::Uuid> {
    store.replay(0, i64::MAX).await.unwrap().into_iter().map(|(_, e)| e.id).collect()
}

/// Posts 200-event batches from 4 concurrent clients through group commit
/// until `failures` batches have been refused; returns the acknowledged ids,
/// the refused batches and the first error seen.
async fn fill(store: &Arc<GroupCommit>, events: &[Event], failures: usize) -> (HashSet<uuid::Uuid>, Vec<Vec<Event>>, Option<StoreError>) {
    let mut acked = HashSet::new();
    let mut refused = Vec::new();
    let mut first_error = None;
    for round in events.chunks(800) {
        let tasks: Vec<_> = round
            .chunks(200)
            .map(|b| {
                let (g, b) = (store.clone(), b.to_vec());
                tokio::spawn(async move { (g.append(&b).await, b) })
            })
            .collect();
        for t in tasks {
            match t.await.unwrap() {
                (Ok(answers), b) => {
                    assert!(answers.iter().all(|a| *a == Appended::Stored));
                    acked.extend(b.iter().map(|e| e.id));
                }
                (Err(e), b) => {
                    first_error.get_or_insert(e);
                    refused.push(b);
                }
            }
        }
        if refused.len() >= failures {
            break;
        }
    }
    (acked, refused, first_error)
}

/// The SQLite story: fill the disk (`full`) while clients post, check what
/// was acknowledged, free room (`room`), check recovery and reopen.
async fn sqlite_story(path: &Path, cap: Option<PageCap>, full: impl FnOnce(), room: impl FnOnce()) {
    let s = khorgos();
    let layout = Layout::from_scenarios(std::slice::from_ref(&s));
    let events = simulated_day(&s);
    let inner = Arc::new(SqliteStore::open_capped(path, layout.clone(), cap).await.unwrap());
    let store = Arc::new(GroupCommit::new(inner.clone(), 10_000));
    let (mut acked, _, _) = fill(&store, &events[..800], usize::MAX).await;
    assert_eq!(acked.len(), 800, "room for the first batches");
    full();
    let (more, refused, error) = fill(&store, &events[800..], 12).await;
    acked.extend(more);
    assert!(refused.len() >= 12, "the disk filled: {} batches refused", refused.len());
    assert!(matches!(error, Some(StoreError::Full(_))), "a full disk is named as such: {error:?}");

    // A separate reader of the same file sees every acknowledged event, and only those.
    let reader = SqliteStore::open(path, layout.clone()).await.unwrap();
    assert_eq!(stored_ids(&reader).await, acked, "acknowledged = stored, seen from another connection");

    // Still full: a retry is refused as full again (or stored, if a freed page made room).
    match store.append(&refused[0]).await {
        Ok(_) => acked.extend(refused[0].iter().map(|e| e.id)),
        Err(e) => assert!(matches!(e, StoreError::Full(_)), "{e}"),
    }
    assert_eq!(stored_ids(&reader).await, acked);

    // Room returns: the next attempts succeed, without reopening anything.
    room();
    let freed = Instant::now();
    loop {
        match store.append(&refused[0]).await {
            Ok(_) => break,
            Err(e) => {
                assert!(freed.elapsed() < Duration::from_secs(5), "not recovered 5 s after room returned: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    let recovered = freed.elapsed().as_secs_f64();
    for b in &refused {
        let answers = store.append(b).await.unwrap();
        assert_eq!(answers.len(), b.len());
        acked.extend(b.iter().map(|e| e.id));
    }
    assert_eq!(stored_ids(&reader).await, acked);

    // Closed and reopened (what a restart does): the same events.
    drop(store);
    drop(inner);
    drop(reader);
    let reopened = SqliteStore::open(path, layout).await.unwrap();
    let stored = stored_ids(&reopened).await;
    eprintln!(
        "{}: acknowledged {}, stored {}, lost {}, refused while full {} batches, recovered {recovered:.2} s after room returned",
        path.display(),
        acked.len(),
        stored.len(),
        acked.difference(&stored).count(),
        refused.len()
    );
    assert_eq!(stored, acked, "nothing acknowledged is lost across a reopen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_over_its_page_cap_loses_nothing_and_recovers_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let cap = PageCap::new(u32::MAX as u64);
    let (full, room) = (cap.clone(), cap.clone());
    sqlite_story(&dir.path().join("full.db"), Some(cap), move || full.set(400), move || room.set(u32::MAX as u64)).await;
}

/// An 8 MB tmpfs, unmounted when dropped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount() -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_a_full_filesystem_loses_nothing_and_recovers_by_itself() {
    let Some(fs) = Tmpfs::mount() else {
        eprintln!("cannot mount a tmpfs here (needs root): the real full-disk test is not run");
        return;
    };
    let filler = fs.0.path().join("filler");
    let fill_up = {
        let filler = filler.clone();
        move || {
            // Take every free byte of the filesystem.
            let mut f = std::fs::File::create(&filler).unwrap();
            let block = vec![0u8; 64 * 1024];
            while std::io::Write::write_all(&mut f, &block).is_ok() {}
            let small = [0u8; 512];
            while std::io::Write::write_all(&mut f, &small).is_ok() {}
        }
    };
    sqlite_story(&fs.0.path().join("full.db"), None, fill_up, move || std::fs::remove_file(&filler).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_failed_commit_acknowledges_nothing_and_recovers() {
    let Ok(url) = std::env::var("BORDERFLOW_TEST_POSTGRES") else {
        assert!(
            std::env::var("BORDERFLOW_REQUIRE_POSTGRES").is_err(),
            "BORDERFLOW_REQUIRE_POSTGRES is set but BORDERFLOW_TEST_POSTGRES is not"
        );
        eprintln!("BORDERFLOW_TEST_POSTGRES not set: PostgreSQL full-disk test not run here (CI runs it)");
        return;
    };
    // A database of its own: the conformance story resets the shared one.
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query("DROP DATABASE IF EXISTS borderflow_full_disk WITH (FORCE)").execute(&admin).await.unwrap();
    sqlx::query("CREATE DATABASE borderflow_full_disk").execute(&admin).await.unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    let own = format!("{base}/borderflow_full_disk");
    let s = khorgos();
    let layout = Layout::from_scenarios(std::slice::from_ref(&s));
    let events = simulated_day(&s);
    let inner = borderflow_store::open(&own, &layout).await.unwrap();
    let store = Arc::new(GroupCommit::new(inner.clone(), 10_000));

    // A COMMIT that fails as a full disk does, while `full` holds a row.
    let db = sqlx::PgPool::connect(&own).await.unwrap();
    for ddl in [
        "CREATE TABLE full_disk (on_ boolean)",
        "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF EXISTS (SELECT 1 FROM full_disk) THEN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END IF; \
         RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()",
    ] {
        sqlx::query(ddl).execute(&db).await.unwrap();
    }
    let (mut acked, _, _) = fill(&store, &events[..1600], usize::MAX).await;
    assert_eq!(acked.len(), 1600);
    sqlx::query("INSERT INTO full_disk VALUES (true)").execute(&db).await.unwrap();
    let (more, refused, error) = fill(&store, &events[1600..4000], usize::MAX).await;
    assert!(more.is_empty(), "nothing is acknowledged while every commit fails");
    assert!(matches!(error, Some(StoreError::Full(_))), "{error:?}");
    assert_eq!(stored_ids(inner.as_ref()).await, acked);

    sqlx::query("DELETE FROM full_disk").execute(&db).await.unwrap();
    for b in &refused {
        store.append(b).await.unwrap();
        acked.extend(b.iter().map(|e| e.id));
    }
    // Seen through a connection of its own, and durable in the count.
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&db).await.unwrap();
    assert_eq!(count as usize, acked.len());
    assert_eq!(stored_ids(inner.as_ref()).await, acked);
    db.close().await;
    drop(store);
    drop(inner);
    admin.close().await;
}
