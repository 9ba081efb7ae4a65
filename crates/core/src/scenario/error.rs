//! Scenario errors that say where: file, line and key.

use std::fmt;

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A dotted key path such as `lanes[2].count`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    /// Path of a single top-level key.
    pub fn key(k: &str) -> KeyPath {
        KeyPath(vec![Seg::Key(k.to_owned())])
    }

    /// This path extended by a key.
    pub fn k(&self, k: &str) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_owned()));
        p
    }

    /// This path extended by an index.
    pub fn i(&self, i: usize) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// A scenario that could not be read or is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ScenarioError {
    /// The file (or other source name) the text came from.
    pub source_name: String,
    /// 1-based line of the offending key, when it can be located.
    pub line: Option<usize>,
    /// The key path, e.g. `lanes[2].count` (empty for syntax errors).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Finds the line where `path` is written in `text`, falling back to the
/// nearest enclosing key that is written (a default filled in by the loader
/// has no line of its own).
pub(crate) fn locate(text: &str, path: &KeyPath) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut best = None;
    let mut table = Some(root.get_ref());
    let mut value: Option<&toml::Spanned<DeValue>> = None;
    for seg in &path.0 {
        let next = match seg {
            Seg::Key(k) => {
                let t = match (table, value.map(|v| v.get_ref())) {
                    (Some(t), _) => t,
                    (None, Some(DeValue::Table(t))) => t,
                    _ => break,
                };
                match t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str()) {
                    Some((key, v)) => {
                        best = Some(key.span().start);
                        v
                    }
                    None => break,
                }
            }
            Seg::Index(i) => match value.map(|v| v.get_ref()) {
                Some(DeValue::Array(a)) => match a.get(*i) {
                    Some(v) => {
                        best = Some(v.span().start);
                        v
                    }
                    None => break,
                },
                _ => break,
            },
        };
        table = None;
        value = Some(next);
    }
    best.map(|off| line_of(text, off))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys() {
        let text = "a = 1\n[[lanes]]\ncount = 2\n[[lanes]]\ngroup = 'x'\ncount = 3\n[t]\nu = { v = 4 }\n";
        assert_eq!(locate(text, &KeyPath::key("a")), Some(1));
        assert_eq!(locate(text, &KeyPath::key("lanes").i(1).k("count")), Some(6));
        assert_eq!(locate(text, &KeyPath::key("lanes").i(1).k("missing")), Some(4));
        assert_eq!(locate(text, &KeyPath::key("t").k("u").k("v")), Some(8));
        assert_eq!(KeyPath::key("lanes").i(1).k("count").to_string(), "lanes[1].count");
    }
}
