//! Identifiers: checkpoints, queues, lanes, officers, categories, travellers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A short identifier: 1–64 bytes of ASCII letters, digits and `_ - . : / @`.
///
/// Kept narrow on purpose: ids end up in URLs, metric labels, CSV columns and
/// SQL, and none of those should need escaping.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

/// Why a string is not a valid [`Id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The string is empty.
    #[error("empty")]
    Empty,
    /// The string is longer than 64 bytes.
    #[error("longer than 64 bytes ({0})")]
    TooLong(usize),
    /// A character outside the allowed set, at a byte position.
    #[error("character {ch:?} at position {pos} is not allowed (use letters, digits, _ - . : / @)")]
    BadChar {
        /// The character.
        ch: char,
        /// Its byte offset.
        pos: usize,
    },
}

impl Id {
    /// Validates and wraps `s`.
    pub fn new(s: impl Into<String>) -> Result<Id, IdError> {
        let s = s.into();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if s.len() > 64 {
            return Err(IdError::TooLong(s.len()));
        }
        if let Some((pos, ch)) = s.char_indices().find(|&(_, c)| !(c.is_ascii_alphanumeric() || "_-.:/@".contains(c))) {
            return Err(IdError::BadChar { ch, pos });
        }
        Ok(Id(s))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Id {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Id::new(s)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_refuses() {
        assert!(Id::new("D1").is_ok());
        assert!(Id::new("khorgos:entry/first_time").is_ok());
        assert_eq!(Id::new(""), Err(IdError::Empty));
        assert_eq!(Id::new("a b"), Err(IdError::BadChar { ch: ' ', pos: 1 }));
        assert_eq!(Id::new("x".repeat(65)), Err(IdError::TooLong(65)));
    }
}
