//! A scenario's clock: times of day as seconds from the checkpoint's local
//! midnight (hours may run to 48, past midnight), written `HH:MM`.

/// Formats seconds from midnight as `HH:MM` (hours may pass 24).
pub fn clock(seconds: f64) -> String {
    let m = (seconds / 60.0).floor() as i64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Formats seconds from midnight as `HH:MM:SS`.
pub fn clock_s(seconds: f64) -> String {
    let s = seconds.floor() as i64;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// Parses `HH:MM` or `HH:MM:SS` (hours 0–48) into seconds from midnight.
pub fn parse_clock(s: &str) -> Result<f64, String> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let num = |p: &str, max: u32, what: &str| -> Result<u32, String> {
        let n: u32 = p.parse().map_err(|_| format!("`{s}` is not a time of day (HH:MM)"))?;
        if n > max {
            return Err(format!("`{s}`: {what} {n} out of range"));
        }
        Ok(n)
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (num(h, 48, "hour")?, num(m, 59, "minute")?, 0),
        [h, m, x] => (num(h, 48, "hour")?, num(m, 59, "minute")?, num(x, 59, "second")?),
        _ => return Err(format!("`{s}` is not a time of day (HH:MM)")),
    };
    Ok((h * 3600 + m * 60 + sec) as f64)
}

/// Parses `HH:MM-HH:MM` into a (start, end) window with start < end.
pub fn parse_window(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s.split_once('-').ok_or_else(|| format!("`{s}` is not a window (HH:MM-HH:MM)"))?;
    let (a, b) = (parse_clock(a)?, parse_clock(b)?);
    if a >= b {
        return Err(format!("window `{s}` ends before it starts"));
    }
    Ok((a, b))
}
