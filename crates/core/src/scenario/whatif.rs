//! What-if overrides: `NAME=VALUE` assignments applied to the scenario's TOML
//! tree before validation.
//!
//! The first segment of NAME picks what to change:
//! - a lane group (`desks=10` sets its `count`; `desks.serves=["a","b"]`),
//! - a queue (`entry_repeat.categories=["merchant","repeat"]`: pooled queues),
//! - a direction, meaning that stream (`entry.scale=1.3`, `entry.crowd_at_open=5000`),
//! - otherwise a top-level table (`service.egate.reject_rate=0.1`, `standard.max_wait_minutes=20`).
//!
//! VALUE is a TOML value; a bare word that is not one is taken as a string.

use toml::{Table, Value};

pub(crate) fn apply(tree: &mut Table, assignment: &str) -> Result<(), String> {
    let (name, value) = assignment.split_once('=').ok_or("expected NAME=VALUE, e.g. desks=10")?;
    let (name, value) = (name.trim(), value.trim());
    let value = parse_value(value);
    let mut segs: Vec<&str> = name.split('.').collect();
    let head = segs.remove(0);
    let target: &mut Value = if let Some(t) = find_in(tree, "lanes", "group", head) {
        if segs.is_empty() {
            segs.push("count");
        }
        t
    } else if let Some(t) = find_in(tree, "streams", "direction", head) {
        t
    } else if let Some(t) = find_in(tree, "queues", "id", head) {
        t
    } else {
        tree.get_mut(head).ok_or_else(|| format!("`{head}` is neither a lane group, a direction, a queue nor a section of the scenario"))?
    };
    let Some((last, path)) = segs.split_last() else {
        return Err(format!("`{head}` needs a key, e.g. {head}.scale=1.2"));
    };
    let mut cur = target;
    for seg in path {
        cur = cur
            .as_table_mut()
            .ok_or_else(|| format!("`{seg}` is not inside a table"))?
            .entry(seg.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
    }
    cur.as_table_mut().ok_or_else(|| format!("cannot set `{last}` here"))?.insert(last.to_string(), value);
    Ok(())
}

fn find_in<'t>(tree: &'t mut Table, array: &str, key: &str, name: &str) -> Option<&'t mut Value> {
    tree.get_mut(array)?.as_array_mut()?.iter_mut().find(|t| t.get(key).and_then(Value::as_str) == Some(name))
}

fn parse_value(s: &str) -> Value {
    // Parse as the right-hand side of a TOML assignment; fall back to a string.
    match format!("v = {s}").parse::<Table>() {
        Ok(mut t) => t.remove("v").unwrap_or_else(|| Value::String(s.to_owned())),
        Err(_) => Value::String(s.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Table {
        r#"
[[streams]]
direction = "entry"
scale = 1.0
[[lanes]]
group = "desks"
count = 8
[[queues]]
id = "repeat"
categories = ["repeat"]
[service.egate]
reject_rate = 0.05
"#
        .parse()
        .unwrap()
    }

    #[test]
    fn group_direction_and_section() {
        let mut t = tree();
        apply(&mut t, "desks=10").unwrap();
        apply(&mut t, "entry.scale=1.3").unwrap();
        apply(&mut t, "service.egate.reject_rate=0.1").unwrap();
        apply(&mut t, "desks.open=[\"09:00-21:00\"]").unwrap();
        assert_eq!(t["lanes"][0]["count"].as_integer(), Some(10));
        assert_eq!(t["streams"][0]["scale"].as_float(), Some(1.3));
        assert_eq!(t["service"]["egate"]["reject_rate"].as_float(), Some(0.1));
        assert_eq!(t["lanes"][0]["open"][0].as_str(), Some("09:00-21:00"));
        apply(&mut t, "repeat.categories=[\"merchant\", \"repeat\"]").unwrap();
        assert_eq!(t["queues"][0]["categories"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn unknown_names_are_refused() {
        let mut t = tree();
        assert!(apply(&mut t, "gates=4").unwrap_err().contains("`gates`"));
        assert!(apply(&mut t, "desks").unwrap_err().contains("NAME=VALUE"));
    }
}
