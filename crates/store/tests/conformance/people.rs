//! The people part of the story: users, sessions, one-time links.

use borderflow_store::{EventStore, SessionRecord, StoreError, UserRecord};

pub async fn story(store: &dyn EventStore) {
    let ana = UserRecord {
        name: "ana".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: "supervisor".into(),
        checkpoint: Some("khorgos".into()),
        created_at: "2026-12-01T08:00:00Z".into(),
        created_by: "cli".into(),
        disabled_at: None,
        password_changed_at: "2026-12-01T08:00:00Z".into(),
    };
    store.insert_user(&ana).await.unwrap();
    assert!(matches!(store.insert_user(&ana).await, Err(StoreError::Conflict(_))), "a name is taken once");
    let bo = UserRecord { name: "bo".into(), role: "officer".into(), checkpoint: None, ..ana.clone() };
    store.insert_user(&bo).await.unwrap();
    assert_eq!(store.user("ana").await.unwrap(), Some(ana.clone()));
    assert_eq!(store.user("nobody").await.unwrap(), None);
    assert_eq!(store.users().await.unwrap(), vec![ana.clone(), bo.clone()], "by name");
    assert!(!format!("{ana:?}").contains("argon2"), "Debug hides the hash");

    // Sessions: live until expiry or sign-out.
    let session = |hash: &str, user: &str, expires_us| SessionRecord {
        hash: hash.into(),
        user_name: user.into(),
        csrf: format!("csrf-{hash}"),
        created_at: "2026-12-01T09:00:00Z".into(),
        expires_us,
    };
    store.insert_session(&session("s1", "ana", 2_000)).await.unwrap();
    store.insert_session(&session("s2", "ana", 2_000)).await.unwrap();
    store.insert_session(&session("s3", "bo", 2_000)).await.unwrap();
    let (s, u) = store.live_session("s1", 1_000).await.unwrap().expect("live");
    assert_eq!((s, u.name.as_str()), (session("s1", "ana", 2_000), "ana"));
    assert_eq!(store.live_session("s1", 2_000).await.unwrap(), None, "expired at its expiry");
    assert_eq!(store.live_session("nope", 1_000).await.unwrap(), None);
    assert!(store.end_session("s1", "2026-12-01T10:00:00Z").await.unwrap());
    assert!(!store.end_session("s1", "2026-12-01T10:00:01Z").await.unwrap(), "ended once");
    assert_eq!(store.live_session("s1", 1_000).await.unwrap(), None, "signed out");

    // A new password ends the user's sessions, and only theirs.
    assert!(store.set_password("ana", "$argon2id$new", "2026-12-01T11:00:00Z").await.unwrap());
    assert!(!store.set_password("nobody", "x", "2026-12-01T11:00:00Z").await.unwrap());
    assert_eq!(store.live_session("s2", 1_000).await.unwrap(), None, "ended by the new password");
    assert!(store.live_session("s3", 1_000).await.unwrap().is_some(), "bo's session stays");
    let ana = store.user("ana").await.unwrap().unwrap();
    assert_eq!((ana.password_hash.as_str(), ana.password_changed_at.as_str()), ("$argon2id$new", "2026-12-01T11:00:00Z"));

    // Disabling ends the sessions and refuses them; the row stays.
    assert!(store.disable_user("bo", "2026-12-01T12:00:00Z").await.unwrap());
    assert!(!store.disable_user("bo", "2026-12-01T12:00:01Z").await.unwrap(), "disabled once");
    assert_eq!(store.live_session("s3", 1_000).await.unwrap(), None);
    assert_eq!(store.user("bo").await.unwrap().unwrap().disabled_at.as_deref(), Some("2026-12-01T12:00:00Z"));

    // One-time links: taken once, never after expiry.
    store.insert_link("l1", "ana", "2026-12-01T09:00:00Z", 5_000).await.unwrap();
    store.insert_link("l2", "ana", "2026-12-01T09:00:00Z", 5_000).await.unwrap();
    assert_eq!(store.take_link("l1", 1_000, "2026-12-01T09:01:00Z").await.unwrap().as_deref(), Some("ana"));
    assert_eq!(store.take_link("l1", 1_000, "2026-12-01T09:02:00Z").await.unwrap(), None, "dead once used");
    assert_eq!(store.take_link("l2", 5_000, "2026-12-01T09:02:00Z").await.unwrap(), None, "expired");
    assert_eq!(store.take_link("nope", 1_000, "2026-12-01T09:02:00Z").await.unwrap(), None);
}
