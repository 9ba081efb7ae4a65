//! `borderflow user`: the people who sign in, managed from the server's
//! shell (the first admin is made here; admins can then use the API).
//! Passwords are read from standard input, never from the command line
//! (it would sit in the shell's history and in `ps`).

use std::io::BufRead;

use anyhow::{Context, Result, bail};
use borderflow_server::{sessions, users};
use borderflow_store::Layout;

use crate::serve::redact;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user. With --password-stdin the first line of standard input is
    /// their password; without it, a one-time sign-in link is printed instead.
    Add {
        /// Sign-in name (a-z, 0-9, `.`, `_`, `-`).
        name: String,
        /// viewer, officer, supervisor or admin.
        #[arg(long)]
        role: String,
        /// Restrict the user to one checkpoint.
        #[arg(long)]
        checkpoint: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        at: Where,
    },
    /// List users (name, role, checkpoint, added by, disabled); never passwords.
    List {
        #[command(flatten)]
        at: Where,
    },
    /// Disable a user: their sessions end and they can no longer sign in.
    Disable {
        /// The user.
        name: String,
        #[command(flatten)]
        at: Where,
    },
    /// Set a user's password from the first line of standard input; their sessions end.
    Passwd {
        /// The user.
        name: String,
        #[command(flatten)]
        at: Where,
    },
    /// Print a one-time sign-in link for a user (valid 24 hours, dead once used).
    Link {
        /// The user.
        name: String,
        #[command(flatten)]
        at: Where,
    },
}

/// The store, and the server the printed links point at.
#[derive(clap::Args, Debug)]
pub struct Where {
    /// The store (as for `serve`).
    #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
    db: String,
    /// The server's address as people reach it, for printed links.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    server: String,
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    users::check_password(&password).map_err(|m| anyhow::anyhow!("standard input: {m}"))?;
    Ok(password)
}

pub fn run(cmd: UserCommand) -> Result<()> {
    let at = match &cmd {
        UserCommand::Add { at, .. }
        | UserCommand::List { at }
        | UserCommand::Disable { at, .. }
        | UserCommand::Passwd { at, .. }
        | UserCommand::Link { at, .. } => at,
    };
    let (db, server) = (at.db.clone(), at.server.trim_end_matches('/').to_owned());
    // Read standard input before anything else can fail half-way.
    let password = match &cmd {
        UserCommand::Add { password_stdin: true, .. } | UserCommand::Passwd { .. } => Some(read_password()?),
        _ => None,
    };
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let store = borderflow_store::open(&db, &Layout::default()).await.with_context(|| format!("opening the store {}", redact(&db)))?;
        let now = jiff::Timestamp::now();
        let found = |name: &str| {
            let store = store.clone();
            let name = name.to_owned();
            async move { store.user(&name).await?.with_context(|| format!("no user `{name}` (see `borderflow user list`)")) }
        };
        match cmd {
            UserCommand::Add { name, role, checkpoint, .. } => {
                users::check_name(&name).map_err(anyhow::Error::msg)?;
                let role = users::check_role(&role).map_err(|m| anyhow::anyhow!("--role: {m}"))?;
                let hash = borderflow_server::auth::hash_secret(&password.clone().unwrap_or_else(users::unguessable_password))
                    .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
                store.insert_user(&users::new_user(&name, role, checkpoint, hash, "cli", now)).await.map_err(|e| match e {
                    borderflow_store::StoreError::Conflict(_) => anyhow::anyhow!("user `{name}` exists already"),
                    other => other.into(),
                })?;
                println!("added {} user {name}", role.as_str());
                if password.is_none() {
                    let secret = sessions::new_link(store.as_ref(), &name, now, sessions::LINK_LIFETIME).await?;
                    println!("one-time sign-in link (24 h): {server}/signin#link={secret}");
                }
            }
            UserCommand::List { .. } => {
                println!("{:<20} {:<10} {:<12} {:<26} {:<20} disabled", "name", "role", "checkpoint", "added", "by");
                for u in store.users().await? {
                    let dash = |x: Option<String>| x.unwrap_or_else(|| "-".into());
                    println!(
                        "{:<20} {:<10} {:<12} {:<26} {:<20} {}",
                        u.name,
                        u.role,
                        dash(u.checkpoint),
                        u.created_at,
                        u.created_by,
                        dash(u.disabled_at)
                    );
                }
            }
            UserCommand::Disable { name, .. } => {
                let u = found(&name).await?;
                if !store.disable_user(&name, &now.to_string()).await? {
                    bail!("user `{name}` was disabled already, at {}", u.disabled_at.unwrap_or_default());
                }
                println!("disabled user {name} at {now}: their sessions have ended");
            }
            UserCommand::Passwd { name, .. } => {
                found(&name).await?;
                let hash =
                    borderflow_server::auth::hash_secret(&password.unwrap_or_default()).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
                store.set_password(&name, &hash, &now.to_string()).await?;
                println!("password set for {name}: their sessions have ended");
            }
            UserCommand::Link { name, .. } => {
                if let Some(at) = found(&name).await?.disabled_at {
                    bail!("user `{name}` was disabled at {at}");
                }
                let secret = sessions::new_link(store.as_ref(), &name, now, sessions::LINK_LIFETIME).await?;
                println!("{server}/signin#link={secret}");
            }
        }
        Ok(())
    })
}
