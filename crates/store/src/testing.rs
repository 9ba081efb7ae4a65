//! For tests of this and other crates that need PostgreSQL: a database of
//! their own on the cluster named by `BORDERFLOW_TEST_POSTGRES`.

/// Creates the database `name` afresh (dropping any left from an earlier
/// run) on the cluster of `BORDERFLOW_TEST_POSTGRES`, and returns its URL;
/// `None` where no cluster is named (CI always names one, and sets
/// `BORDERFLOW_REQUIRE_POSTGRES` so that the test cannot be skipped there).
pub async fn fresh_postgres_database(name: &str) -> Option<String> {
    let Ok(url) = std::env::var("BORDERFLOW_TEST_POSTGRES") else {
        assert!(
            std::env::var("BORDERFLOW_REQUIRE_POSTGRES").is_err(),
            "BORDERFLOW_REQUIRE_POSTGRES is set but BORDERFLOW_TEST_POSTGRES is not"
        );
        eprintln!("BORDERFLOW_TEST_POSTGRES not set: this PostgreSQL test runs in CI");
        return None;
    };
    let pool = sqlx::PgPool::connect(&url).await.expect("the test cluster answers");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&pool).await.expect("drop the test database");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create the test database");
    pool.close().await;
    Some(format!("{}/{name}", url.rsplit_once('/').expect("a URL with a database").0))
}
