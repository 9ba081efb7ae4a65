//! Display names: what a screen or a sentence shows for a queue or a
//! category, per language. Ids stay the keys everywhere; a name is only shown.

use std::collections::BTreeMap;

use super::KeyPath;
use super::validate::{VResult, check};

/// The languages borderflow speaks: Chinese, English, Russian, Kazakh (Cyrillic).
pub const LANGUAGES: [&str; 4] = ["zh", "en", "ru", "kk"];

/// A thing's name per language (`{ zh = "首次过境", en = "First-time travellers" }`).
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Names(BTreeMap<String, String>);

impl Names {
    /// The name in `lang`, else in English, else `id`.
    pub fn get<'a>(&'a self, lang: &str, id: &'a str) -> &'a str {
        self.0.get(lang).or_else(|| self.0.get("en")).map(String::as_str).unwrap_or(id)
    }

    /// The languages it has no name in (a screen in one of them falls back to English).
    pub fn missing(&self) -> Vec<&'static str> {
        LANGUAGES.into_iter().filter(|l| !self.0.contains_key(*l)).collect()
    }

    /// Checked: known languages, names that are not blank and fit a screen.
    pub(super) fn parse(path: &KeyPath, raw: &BTreeMap<String, String>) -> VResult<Names> {
        for (lang, name) in raw {
            check(LANGUAGES.contains(&lang.as_str()), &path.k(lang), || {
                format!("`{lang}` is not a language borderflow shows (one of {})", LANGUAGES.join(", "))
            })?;
            check(!name.trim().is_empty() && name.chars().count() <= 60, &path.k(lang), || "a name is 1 to 60 characters".into())?;
        }
        Ok(Names(raw.iter().map(|(k, v)| (k.clone(), v.trim().to_owned())).collect()))
    }
}
