//! `borderflow mrz check`: parse a machine-readable zone and print it as JSON.

use anyhow::{Context, bail};
use borderflow_egate::mrz;
use std::io::Read;

/// MRZ commands.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Parse a zone (TD1, TD2, TD3, MRV-A, MRV-B) and print its fields, check digits and problems as JSON,
    /// with `valid_as_printed` (every check digit and field) and `expired` (as of --today) apart.
    /// Exits 1 if the zone is malformed or any check fails.
    Check {
        /// The zone's lines; without them the zone is read from stdin (CR/LF and trailing blanks are fine).
        lines: Vec<String>,
        /// Resolve two-digit years as of this date (default: today).
        #[arg(long)]
        today: Option<jiff::civil::Date>,
    },
}

/// Runs an MRZ command.
pub fn run(cmd: Command) -> anyhow::Result<()> {
    let Command::Check { lines, today } = cmd;
    let text = if lines.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).context("reading the zone from stdin")?;
        s
    } else {
        lines.join("\n")
    };
    let m = mrz::parse(&text)?;
    let today = today.unwrap_or_else(|| jiff::Zoned::now().date());
    let dates = serde_json::json!({
        "as_of": today.to_string(),
        "birth": m.birth().map(|d| d.as_birth_date(today).to_string()),
        "expiry": m.expiry().map(|d| d.as_expiry_date(today).to_string()),
    });
    let mut out = serde_json::to_value(&m)?;
    out["dates"] = dates;
    // Two separate facts: the zone verifies as printed, and the document has (or has not) expired.
    let object = out.as_object_mut().expect("an MRZ serialises as an object");
    object.remove("valid");
    object.insert("valid_as_printed".into(), m.is_valid().into());
    object.insert("expired".into(), m.expiry().map(|d| d.as_expiry_date(today) < today).into());
    println!("{}", serde_json::to_string_pretty(&out)?);
    if !m.is_valid() {
        let failed: Vec<String> =
            m.check_digits.iter().filter(|c| !c.ok).map(ToString::to_string).chain(m.problems.iter().map(ToString::to_string)).collect();
        bail!("the zone does not verify:\n  {}", failed.join("\n  "));
    }
    Ok(())
}
