//! US CBP "Airport Wait Times" files: one row per hour with arrivals —
//! passengers, flights, booths open, and the waits they had.
//!
//! CBP's wait clock starts when the aircraft reaches the gate, so deplaning
//! and the walk to the hall count as waiting (see `data/cbp-awt/README.md`).

use jiff::civil::Date;
use serde::Deserialize;

use crate::PlanError;

/// Upper bounds (minutes) of CBP's wait buckets; the last bucket is open.
pub const BUCKETS_MIN: [f64; 6] = [15.0, 30.0, 45.0, 60.0, 90.0, 120.0];

/// One hour at one terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Hour {
    /// Local date.
    pub date: Date,
    /// Hour of day the row starts (0–23).
    pub hour: u8,
    /// Mean wait, minutes.
    pub avg_wait: f64,
    /// Longest wait, minutes.
    pub max_wait: f64,
    /// Passengers per wait bucket (see [`BUCKETS_MIN`]), 7 buckets.
    pub buckets: [u32; 7],
    /// Passengers in the hour.
    pub passengers: u32,
    /// Arriving flights.
    pub flights: u32,
    /// Inspection booths open.
    pub booths: u32,
}

impl Hour {
    /// Hours since 1970-01-01 00:00 local (a timeline index for carrying backlog across hours).
    pub fn index(&self) -> i64 {
        let days = self.date.since(jiff::civil::date(1970, 1, 1)).map(|s| s.get_days() as i64).unwrap_or(0);
        days * 24 + self.hour as i64
    }

    /// Day of week, Monday = 0.
    pub fn weekday(&self) -> u8 {
        self.date.weekday().to_monday_zero_offset() as u8
    }
}

/// The file's columns (only those used are named; the rest are ignored).
/// Later CBP exports name the wait buckets `all_n_0_15 … all_n_120_plus`
/// where earlier ones have `all_n_0..15 … all_n_120..`: both are read.
#[derive(Deserialize)]
struct Raw {
    date: String,
    hour: String,
    all_avg_wait: f64,
    all_max_wait: f64,
    #[serde(rename = "all_n_0..15", alias = "all_n_0_15")]
    b0: u32,
    #[serde(rename = "all_n_16..30", alias = "all_n_16_30")]
    b1: u32,
    #[serde(rename = "all_n_31..45", alias = "all_n_31_45")]
    b2: u32,
    #[serde(rename = "all_n_46..60", alias = "all_n_46_60")]
    b3: u32,
    #[serde(rename = "all_n_61..90", alias = "all_n_61_90")]
    b4: u32,
    #[serde(rename = "all_n_91..120", alias = "all_n_91_120")]
    b5: u32,
    #[serde(rename = "all_n_120..", alias = "all_n_120_plus")]
    b6: u32,
    all_total: u32,
    all_flights: u32,
    all_booths: u32,
}

/// The columns read, each with the spellings known.
const COLUMNS: [&[&str]; 14] = [
    &["date"],
    &["hour"],
    &["all_avg_wait"],
    &["all_max_wait"],
    &["all_n_0..15", "all_n_0_15"],
    &["all_n_16..30", "all_n_16_30"],
    &["all_n_31..45", "all_n_31_45"],
    &["all_n_46..60", "all_n_46_60"],
    &["all_n_61..90", "all_n_61_90"],
    &["all_n_91..120", "all_n_91_120"],
    &["all_n_120..", "all_n_120_plus"],
    &["all_total"],
    &["all_flights"],
    &["all_booths"],
];

/// Parses a CBP CSV. `name` is used in errors, which give the line and the column.
pub fn parse(text: &str, name: &str) -> Result<Vec<Hour>, PlanError> {
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| PlanError::file(name, format!("cannot read the header: {e}")))?.clone();
    for spellings in COLUMNS {
        if !spellings.iter().any(|c| headers.iter().any(|h| h == *c)) {
            let names = spellings.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or ");
            return Err(PlanError::file(name, format!("the header has no column {names}")));
        }
    }
    let mut out: Vec<Hour> = Vec::new();
    for rec in rdr.deserialize::<Raw>() {
        let r = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            let what = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    let column = err.field().and_then(|f| headers.get(f as usize)).unwrap_or("?");
                    format!("column {column}: {}", err.kind())
                }
                _ => e.to_string(),
            };
            PlanError::at(name, line, what)
        })?;
        let line = out.len() as u64 + 2;
        let date: Date = r.date.parse().map_err(|e| PlanError::at(name, line, format!("column date: {e}")))?;
        let hour = r
            .hour
            .get(..2)
            .and_then(|h| h.parse::<u8>().ok())
            .filter(|&h| h < 24)
            .ok_or_else(|| PlanError::at(name, line, format!("column hour: expected \"HH00 - HH00\", found {:?}", r.hour)))?;
        let h = Hour {
            date,
            hour,
            avg_wait: r.all_avg_wait,
            max_wait: r.all_max_wait,
            buckets: [r.b0, r.b1, r.b2, r.b3, r.b4, r.b5, r.b6],
            passengers: r.all_total,
            flights: r.all_flights,
            booths: r.all_booths,
        };
        if let Some(prev) = out.last()
            && prev.index() >= h.index()
        {
            return Err(PlanError::at(
                name,
                line,
                format!("hours must be in order without repeats ({} {:02}h after {} {:02}h)", h.date, h.hour, prev.date, prev.hour),
            ));
        }
        out.push(h);
    }
    if out.is_empty() {
        return Err(PlanError::file(name, "no rows"));
    }
    Ok(out)
}

/// Reads and parses a CBP CSV file.
pub fn load(path: &std::path::Path) -> Result<Vec<Hour>, PlanError> {
    let text = std::fs::read_to_string(path).map_err(|source| PlanError::Read { path: path.to_path_buf(), source })?;
    parse(&text, &path.display().to_string())
}

/// Reads several CBP files into one series of hours (in time order); an hour
/// given by two files is refused, naming both.
pub fn load_all(paths: &[std::path::PathBuf]) -> Result<Vec<Hour>, PlanError> {
    let mut all: Vec<(Hour, usize)> = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        all.extend(load(p)?.into_iter().map(|h| (h, i)));
    }
    all.sort_by_key(|(h, _)| h.index());
    for w in all.windows(2) {
        if w[0].0.index() == w[1].0.index() {
            return Err(PlanError::Overlap {
                date: w[1].0.date,
                hour: w[1].0.hour,
                first: paths[w[0].1].clone(),
                second: paths[w[1].1].clone(),
            });
        }
    }
    if all.is_empty() {
        return Err(PlanError::NoFiles);
    }
    Ok(all.into_iter().map(|(h, _)| h).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "airport,terminal,date,hour,us_avg_wait,us_max_wait,non_us_avg_wait,non_us_max_wait,all_avg_wait,all_max_wait,all_n_0..15,all_n_16..30,all_n_31..45,all_n_46..60,all_n_61..90,all_n_91..120,all_n_120..,all_excluded,all_total,all_flights,all_booths\n";

    #[test]
    fn reads_rows() {
        let t = format!("{HEAD}ORD,Terminal 5,2016-01-01,0400 - 0500,28,40,29,40,28,40,1,84,54,0,0,0,0,3,142,1,10\n");
        let h = parse(&t, "x.csv").unwrap();
        assert_eq!(h[0].hour, 4);
        assert_eq!(h[0].passengers, 142);
        assert_eq!(h[0].buckets[1], 84);
        assert_eq!(h[0].weekday(), 4); // a Friday
    }

    #[test]
    fn names_line_and_column() {
        let t = format!("{HEAD}ORD,Terminal 5,2016-01-01,0400 - 0500,28,40,29,40,28,40,1,84,54,0,0,0,0,3,many,1,10\n");
        let e = parse(&t, "x.csv").unwrap_err();
        assert!(matches!(e, PlanError::Input { line: Some(2), .. }), "{e:?}");
        let e = e.to_string();
        assert!(e.contains("x.csv line 2") && e.contains("all_total"), "{e}");
        let t = format!("{HEAD}ORD,Terminal 5,2016-01-01,25 - 0500,28,40,29,40,28,40,1,84,54,0,0,0,0,3,1,1,10\n");
        assert!(parse(&t, "x.csv").unwrap_err().to_string().contains("column hour"));
    }

    #[test]
    fn several_files_make_one_series_and_an_hour_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let row = |date: &str, hour: &str| format!("ORD,Terminal 5,{date},{hour},28,40,29,40,28,40,1,84,54,0,0,0,0,3,142,1,10\n");
        let (a, b, c) = (dir.path().join("a.csv"), dir.path().join("b.csv"), dir.path().join("c.csv"));
        std::fs::write(&a, format!("{HEAD}{}", row("2016-01-02", "0400 - 0500"))).unwrap();
        std::fs::write(&b, format!("{HEAD}{}", row("2016-01-01", "0400 - 0500"))).unwrap();
        std::fs::write(&c, format!("{HEAD}{}", row("2016-01-02", "0400 - 0500"))).unwrap();
        let hours = load_all(&[a.clone(), b]).unwrap();
        assert_eq!(hours.iter().map(|h| h.date.day()).collect::<Vec<_>>(), [1, 2], "in time order");
        let e = load_all(&[a, c]).unwrap_err();
        assert!(matches!(e, PlanError::Overlap { hour: 4, .. }), "{e:?}");
        let e = e.to_string();
        assert!(e.contains("2016-01-02 04h is in both") && e.contains("a.csv") && e.contains("c.csv"), "{e}");
    }

    #[test]
    fn reads_the_later_bucket_names_and_names_a_missing_column() {
        let later = HEAD
            .replace("..15", "_15")
            .replace("..30", "_30")
            .replace("..45", "_45")
            .replace("..60", "_60")
            .replace("..90", "_90")
            .replace("91..120", "91_120")
            .replace("120..", "120_plus");
        let t = format!("{later}ORD,Terminal 5,2016-01-01,0400 - 0500,28,40,29,40,28,40,1,84,54,0,0,0,7,3,142,1,10\n");
        let h = parse(&t, "later.csv").unwrap();
        assert_eq!((h[0].buckets[1], h[0].buckets[6]), (84, 7));
        let t = format!(
            "{}ORD,Terminal 5,2016-01-01,0400 - 0500,28,40,29,40,28,40,1,84,54,0,0,0,3,142,1,10\n",
            HEAD.replace("all_n_120..,", "")
        );
        let e = parse(&t, "cut.csv").unwrap_err();
        assert_eq!(e.to_string(), "cut.csv: the header has no column `all_n_120..` or `all_n_120_plus`");
    }
}
