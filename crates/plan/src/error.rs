//! What can go wrong reading the planner's inputs or fitting a plan to a
//! checkpoint: one type, so callers branch on the kind and every message
//! names the file, the line and the column (or the field).

use jiff::civil::Date;
use std::path::PathBuf;

/// A planner error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An input file (a CBP export, counts, a calendar) is malformed.
    #[error("{name}{}: {what}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Input {
        /// The file (as the caller named it).
        name: String,
        /// Its line, when one is to blame.
        line: Option<u64>,
        /// What is wrong, naming the column.
        what: String,
    },
    /// No file was given where at least one is needed.
    #[error("no files to read")]
    NoFiles,
    /// The same hour is given by two files.
    #[error("{date} {hour:02}h is in both {} and {}", first.display(), second.display())]
    Overlap {
        /// The day.
        date: Date,
        /// The hour of day.
        hour: u8,
        /// The first file giving it.
        first: PathBuf,
        /// The second.
        second: PathBuf,
    },
    /// A plan or forecast does not fit the checkpoint it is for; names the field.
    #[error("{0}")]
    Mismatch(String),
}

impl PlanError {
    /// An input error at a line of a file.
    pub(crate) fn at(name: &str, line: u64, what: impl Into<String>) -> PlanError {
        PlanError::Input { name: name.to_string(), line: Some(line), what: what.into() }
    }

    /// An input error about a whole file.
    pub(crate) fn file(name: &str, what: impl Into<String>) -> PlanError {
        PlanError::Input { name: name.to_string(), line: None, what: what.into() }
    }
}
