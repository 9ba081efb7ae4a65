//! MRZ dates (`YYMMDD`): the calendar check and the century rules.
//!
//! The zone writes two-digit years, so the century is the reader's policy:
//! a birth date is the latest date not in the future, an expiry date the one
//! nearest today (within ±50 years). ICAO lets a birth date whose day or month
//! is unknown write it as `<<`.

use jiff::civil::{Date, date};

/// A date as the zone writes it, with the unknown parts of a birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MrzDate {
    /// Two-digit year.
    pub yy: i16,
    /// Month 1–12, `None` when written `<<`.
    pub month: Option<i8>,
    /// Day of month, `None` when written `<<`.
    pub day: Option<i8>,
}

impl MrzDate {
    /// Reads `YYMMDD`; `unknown_allowed` lets month and day be `<<` (birth
    /// dates only). `None` if it is not a calendar date.
    pub fn parse(text: &[u8], unknown_allowed: bool) -> Option<MrzDate> {
        let two = |i: usize| -> Option<Option<i8>> {
            match &text[i..i + 2] {
                b"<<" if unknown_allowed => Some(None),
                [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(Some(((a - b'0') * 10 + (b - b'0')) as i8)),
                _ => None,
            }
        };
        if text.len() != 6 {
            return None;
        }
        let yy = i16::from(two(0)?.filter(|_| text[0] != b'<')?);
        let (month, day) = (two(2)?, two(4)?);
        if month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let Some(d) = day {
            // Without the century, 29 February is a date whenever YY is a multiple of 4 (2000 was a leap year).
            let last = month.map_or(31, |m| date(if yy % 4 == 0 { 2000 } else { 2001 }, m, 1).days_in_month());
            if !(1..=last).contains(&d) {
                return None;
            }
        }
        Some(MrzDate { yy, month, day })
    }

    /// The birth date as of `today`: the latest century that is not in the
    /// future. Unknown parts are taken as late as possible (the youngest the
    /// holder can be), so an age rule never admits someone too young.
    pub fn as_birth_date(&self, today: Date) -> Date {
        let century = i32::from(today.year()) / 100 * 100;
        for year in [century + i32::from(self.yy), century - 100 + i32::from(self.yy)] {
            let d = self.latest_in(year as i16);
            if d <= today {
                return d;
            }
        }
        self.latest_in((century - 100 + i32::from(self.yy)) as i16)
    }

    /// The expiry date as of `today`: the century that puts it within 50
    /// years of today.
    pub fn as_expiry_date(&self, today: Date) -> Date {
        let century = i32::from(today.year()) / 100 * 100;
        let year = [century - 100, century, century + 100]
            .into_iter()
            .map(|c| c + i32::from(self.yy))
            .min_by_key(|y| (y - i32::from(today.year())).abs())
            .expect("three candidates");
        self.latest_in(year as i16)
    }

    fn latest_in(&self, year: i16) -> Date {
        let month = self.month.unwrap_or(12);
        let first = date(year, month, 1);
        let day = self.day.unwrap_or(first.days_in_month()).min(first.days_in_month());
        date(year, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_and_unknown_parts() {
        assert!(MrzDate::parse(b"741332", true).is_none());
        assert!(MrzDate::parse(b"74O812", true).is_none());
        assert!(MrzDate::parse(b"000229", false).is_some());
        assert!(MrzDate::parse(b"010229", false).is_none());
        assert!(MrzDate::parse(b"7408<<", false).is_none());
        let d = MrzDate::parse(b"74<<<<", true).unwrap();
        assert_eq!(d.as_birth_date(date(2026, 11, 27)), date(1974, 12, 31));
    }

    #[test]
    fn century_rules() {
        let today = date(2026, 11, 27);
        assert_eq!(MrzDate::parse(b"180704", true).unwrap().as_birth_date(today), date(2018, 7, 4));
        assert_eq!(MrzDate::parse(b"261128", true).unwrap().as_birth_date(today), date(1926, 11, 28));
        assert_eq!(MrzDate::parse(b"401231", false).unwrap().as_expiry_date(today), date(2040, 12, 31));
        assert_eq!(MrzDate::parse(b"961210", false).unwrap().as_expiry_date(today), date(1996, 12, 10));
    }
}
