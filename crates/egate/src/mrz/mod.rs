//! ICAO 9303 machine-readable zones: TD1 ID cards (3×30), TD2 (2×36), TD3
//! passports (2×44), MRV-A (2×44) and MRV-B (2×36) visas.
//!
//! [`parse`] splits the reader's text into lines (CR/LF and trailing blanks
//! are accepted), refuses a zone whose shape or characters are wrong
//! ([`StructureErrors`], each naming the line and column), and otherwise
//! returns an [`Mrz`]: the fields, every check digit with its position and
//! result, and the semantic problems (a birth date that is not a date, a sex
//! code outside M/F/X/<, a document code the format does not allow). Nothing is
//! "corrected": an `O` where a digit belongs stays an `O` and fails its check.

mod build;
mod check_digit;
mod date;
mod states;

pub use build::{BuildError, build};
pub use check_digit::compute as check_digit;
pub use date::MrzDate;
pub use states::is_known as is_known_state;

use serde::Serialize;
use std::fmt;

/// The five ICAO 9303 layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// ID card, 3 lines of 30.
    TD1,
    /// Card, 2 lines of 36.
    TD2,
    /// Passport, 2 lines of 44.
    TD3,
    /// Visa A, 2 lines of 44.
    MRVA,
    /// Visa B, 2 lines of 36.
    MRVB,
}

impl Format {
    /// Lines and characters per line.
    pub fn shape(self) -> (usize, usize) {
        match self {
            Format::TD1 => (3, 30),
            Format::TD2 | Format::MRVB => (2, 36),
            Format::TD3 | Format::MRVA => (2, 44),
        }
    }

    /// The letters a document code of this format may start with.
    fn code_starts(self) -> &'static str {
        match self {
            Format::TD1 | Format::TD2 => "IAC",
            Format::TD3 => "P",
            Format::MRVA | Format::MRVB => "V",
        }
    }
}

/// Why text is not an MRZ at all: the shape or a character is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StructureError {
    /// No line has a length any format uses.
    NoFormat {
        /// The lengths found.
        lengths: Vec<usize>,
    },
    /// The format needs another number of lines.
    LineCount {
        /// The format the line lengths point to.
        format: Format,
        /// Lines it needs.
        expected: usize,
        /// Lines given.
        found: usize,
    },
    /// A line is too long or too short.
    LineLength {
        /// 1-based line.
        line: usize,
        /// Characters the format needs.
        expected: usize,
        /// Characters given.
        found: usize,
    },
    /// A blank line between the zone's lines (they are printed one under another).
    BlankLine {
        /// 1-based line of the input.
        line: usize,
    },
    /// A character outside A–Z, 0–9 and `<`.
    Character {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The character.
        found: char,
    },
}

impl fmt::Display for StructureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StructureError::NoFormat { lengths } if lengths.is_empty() => write!(f, "no lines given"),
            StructureError::NoFormat { lengths } => {
                write!(f, "no MRZ format has lines of {lengths:?} characters (TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44)")
            }
            StructureError::LineCount { format, expected, found } => write!(f, "{format:?} needs {expected} lines, got {found}"),
            StructureError::LineLength { line, expected, found } => {
                write!(f, "line {line}: {found} characters, the format needs {expected}")
            }
            StructureError::BlankLine { line } => write!(f, "line {line} is blank: a zone's lines follow one another"),
            StructureError::Character { line, column, found } => {
                write!(f, "line {line}, column {column}: {found:?} is not an MRZ character (A-Z, 0-9, <)")
            }
        }
    }
}

/// Every structure error found in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct StructureErrors(pub Vec<StructureError>);

impl fmt::Display for StructureErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "not a machine-readable zone: {}", parts.join("; "))
    }
}

/// Which field a check digit protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Checked {
    /// Document number (with its continuation for long numbers).
    DocumentNumber,
    /// Date of birth.
    BirthDate,
    /// Date of expiry.
    ExpiryDate,
    /// TD3 personal number / optional data.
    OptionalData,
    /// The composite over the other checked fields.
    Composite,
}

impl fmt::Display for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Checked::DocumentNumber => "document number",
            Checked::BirthDate => "birth date",
            Checked::ExpiryDate => "expiry date",
            Checked::OptionalData => "optional data",
            Checked::Composite => "composite",
        })
    }
}

impl fmt::Display for CheckDigit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {} check digit is {:?}, the data calls for {:?}",
            self.line, self.column, self.field, self.found, self.expected
        )
    }
}

/// One check digit as read and as computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckDigit {
    /// The field it protects.
    pub field: Checked,
    /// 1-based line of the digit.
    pub line: usize,
    /// 1-based column of the digit.
    pub column: usize,
    /// The character printed there.
    pub found: char,
    /// The digit the data calls for.
    pub expected: char,
    /// Whether they agree.
    pub ok: bool,
}

/// A field that has the right characters but not an allowed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The document code does not start with a letter this format allows.
    DocumentCode {
        /// Allowed first letters.
        allowed: &'static str,
        /// The code read.
        found: String,
    },
    /// Sex is not M, F, X or `<`.
    Sex {
        /// The character read.
        found: char,
    },
    /// The birth date is not a calendar date (`<<` for an unknown day or month is allowed).
    BirthDate {
        /// The text read.
        found: String,
    },
    /// The expiry date is not a calendar date.
    ExpiryDate {
        /// The text read.
        found: String,
    },
}

/// A problem with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    /// 1-based line.
    pub line: usize,
    /// 1-based column where the field starts.
    pub column: usize,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: ", self.line, self.column)?;
        match &self.problem {
            Problem::DocumentCode { allowed, found } => write!(f, "document code {found:?} must start with one of {allowed}"),
            Problem::Sex { found } => write!(f, "sex {found:?} is not M, F, X or <"),
            Problem::BirthDate { found } => write!(f, "birth date {found:?} is not a calendar date"),
            Problem::ExpiryDate { found } => write!(f, "expiry date {found:?} is not a calendar date"),
        }
    }
}

/// The data a zone carries, fillers removed: what [`parse`] reads and
/// [`build`] writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fields {
    /// The layout.
    pub format: Format,
    /// `P`, `PU`, `I`, `ID`, `AC`, `V`, …
    pub document_code: String,
    /// Issuing state or organisation (`D` for Germany).
    pub issuing_state: String,
    /// Primary identifier, `<` read as a space.
    pub surname: String,
    /// Secondary identifier; empty for a single name.
    pub given_names: String,
    /// Document number, long numbers joined with their continuation.
    pub document_number: String,
    /// Nationality.
    pub nationality: String,
    /// `YYMMDD` as printed.
    pub birth_date: String,
    /// `M`, `F`, `X` or `<`.
    pub sex: char,
    /// `YYMMDD` as printed.
    pub expiry_date: String,
    /// Optional data (TD1 line 1; TD3 personal number).
    pub optional_data: String,
    /// TD1 line 2 optional data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional_data_2: Option<String>,
}

/// A parsed zone: the fields, every check digit and every semantic problem.
/// [`Mrz::is_valid`] says whether all passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    /// What the zone says.
    #[serde(flatten)]
    pub fields: Fields,
    /// Whether the number continued into the optional data (TD1/TD2).
    pub long_document_number: bool,
    /// Every check digit of the format.
    pub check_digits: Vec<CheckDigit>,
    /// Semantic problems.
    pub problems: Vec<Located>,
    /// Whether the issuing state is a code ICAO knows (a policy input, not part of validity).
    pub issuing_state_known: bool,
    /// Whether the nationality is a code ICAO knows.
    pub nationality_known: bool,
    /// Whether every check digit agrees and there is no semantic problem.
    pub valid: bool,
    /// The zone's lines, normalised.
    pub lines: Vec<String>,
}

impl std::ops::Deref for Mrz {
    type Target = Fields;
    fn deref(&self) -> &Fields {
        &self.fields
    }
}

impl Mrz {
    /// Whether every check digit agrees and no field has a semantic problem.
    pub fn is_valid(&self) -> bool {
        self.valid
    }

    /// The check digit for `field`, if the format has one.
    pub fn check(&self, field: Checked) -> Option<&CheckDigit> {
        self.check_digits.iter().find(|c| c.field == field)
    }

    /// The birth date, `None` if it is not a date.
    pub fn birth(&self) -> Option<MrzDate> {
        MrzDate::parse(self.birth_date.as_bytes(), true)
    }

    /// The expiry date, `None` if it is not a date.
    pub fn expiry(&self) -> Option<MrzDate> {
        MrzDate::parse(self.expiry_date.as_bytes(), false)
    }

    /// The ICAO 9303 Part 11 "MRZ information" for BAC: document number, birth
    /// date, expiry date, each with its check digit as printed.
    pub fn bac_information(&self) -> String {
        let digit = |f| self.check(f).map_or('<', |c| c.found);
        let mut number = self.document_number.clone();
        while number.len() < 9 {
            number.push('<');
        }
        format!(
            "{number}{}{}{}{}{}",
            digit(Checked::DocumentNumber),
            self.birth_date,
            digit(Checked::BirthDate),
            self.expiry_date,
            digit(Checked::ExpiryDate)
        )
    }
}

/// A field's place: 0-based line, start column and length.
#[derive(Clone, Copy)]
struct Span(usize, usize, usize);

/// Where each field lies in one format.
struct Layout {
    code: Span,
    state: Span,
    name: Span,
    number: Span,
    nationality: Span,
    birth: Span,
    sex: Span,
    expiry: Span,
    optional: Span,
    optional_2: Option<Span>,
    optional_check: Option<Span>,
    /// The spans the composite digit covers, and the digit.
    composite: Option<(&'static [Span], Span)>,
    /// Long document numbers continue into `optional` (TD1, TD2).
    long_numbers: bool,
}

impl Layout {
    fn of(format: Format) -> Layout {
        // Lines 2 of TD2, TD3 and the visas share one arrangement up to the optional data.
        let two_line = |width: usize, optional_check: bool, composite: Option<(&'static [Span], Span)>| Layout {
            code: Span(0, 0, 2),
            state: Span(0, 2, 3),
            name: Span(0, 5, width - 5),
            number: Span(1, 0, 9),
            nationality: Span(1, 10, 3),
            birth: Span(1, 13, 6),
            sex: Span(1, 20, 1),
            expiry: Span(1, 21, 6),
            optional: Span(1, 28, width - 28 - usize::from(optional_check) - usize::from(composite.is_some())),
            optional_2: None,
            optional_check: optional_check.then_some(Span(1, 42, 1)),
            composite,
            long_numbers: false,
        };
        match format {
            Format::TD3 => two_line(44, true, Some((&[Span(1, 0, 10), Span(1, 13, 7), Span(1, 21, 22)], Span(1, 43, 1)))),
            Format::MRVA => two_line(44, false, None),
            Format::TD2 => Layout {
                long_numbers: true,
                ..two_line(36, false, Some((&[Span(1, 0, 10), Span(1, 13, 7), Span(1, 21, 14)], Span(1, 35, 1))))
            },
            Format::MRVB => two_line(36, false, None),
            Format::TD1 => Layout {
                code: Span(0, 0, 2),
                state: Span(0, 2, 3),
                number: Span(0, 5, 9),
                optional: Span(0, 15, 15),
                birth: Span(1, 0, 6),
                sex: Span(1, 7, 1),
                expiry: Span(1, 8, 6),
                nationality: Span(1, 15, 3),
                optional_2: Some(Span(1, 18, 11)),
                name: Span(2, 0, 30),
                optional_check: None,
                composite: Some((&[Span(0, 5, 25), Span(1, 0, 7), Span(1, 8, 7), Span(1, 18, 11)], Span(1, 29, 1))),
                long_numbers: true,
            },
        }
    }
}

/// Splits reader output into lines: CR/LF or LF line ends, trailing blanks and
/// blank lines are dropped; nothing inside a line is changed.
pub fn lines_of(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.trim_end_matches([' ', '\t', '\r'])).filter(|l| !l.is_empty()).collect()
}

/// The format the lines' shape points to, or why none fits.
fn detect(lines: &[&str]) -> Result<Format, StructureErrors> {
    let lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    // The first line whose length a format uses decides; the others are then measured against it.
    let Some(&width) = lengths.iter().find(|&&n| matches!(n, 30 | 36 | 44)) else {
        return Err(StructureErrors(vec![StructureError::NoFormat { lengths }]));
    };
    let visa = lines.first().is_some_and(|l| l.starts_with('V'));
    let format = match (width, visa) {
        (30, _) => Format::TD1,
        (36, false) => Format::TD2,
        (36, true) => Format::MRVB,
        (44, false) => Format::TD3,
        _ => Format::MRVA,
    };
    let (rows, _) = format.shape();
    let mut errors = Vec::new();
    if lines.len() != rows {
        errors.push(StructureError::LineCount { format, expected: rows, found: lines.len() });
    }
    for (i, &n) in lengths.iter().enumerate() {
        if n != width {
            errors.push(StructureError::LineLength { line: i + 1, expected: width, found: n });
        }
    }
    if errors.is_empty() { Ok(format) } else { Err(StructureErrors(errors)) }
}

/// Parses a zone from the reader's text (lines separated by LF or CR/LF).
pub fn parse(text: &str) -> Result<Mrz, StructureErrors> {
    // Blank lines around the zone are fine; one inside it means a line is missing or split.
    let all: Vec<&str> = text.lines().map(|l| l.trim_end_matches([' ', '\t', '\r'])).collect();
    if let (Some(first), Some(last)) = (all.iter().position(|l| !l.is_empty()), all.iter().rposition(|l| !l.is_empty())) {
        let blank: Vec<StructureError> =
            (first..=last).filter(|&i| all[i].is_empty()).map(|i| StructureError::BlankLine { line: i + 1 }).collect();
        if !blank.is_empty() {
            return Err(StructureErrors(blank));
        }
    }
    parse_lines(&lines_of(text))
}

/// Parses a zone given as lines.
pub fn parse_lines(lines: &[&str]) -> Result<Mrz, StructureErrors> {
    let format = detect(lines)?;
    let bad: Vec<StructureError> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.chars().enumerate().filter(|(_, c)| !matches!(c, 'A'..='Z' | '0'..='9' | '<')).map(move |(j, c)| StructureError::Character {
                line: i + 1,
                column: j + 1,
                found: c,
            })
        })
        .collect();
    if !bad.is_empty() {
        return Err(StructureErrors(bad));
    }
    Ok(read(format, lines))
}

/// Reads the fields of a zone whose shape and characters are right.
fn read(format: Format, lines: &[&str]) -> Mrz {
    let rows: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let at = |s: Span| &rows[s.0][s.1..s.1 + s.2];
    let text = |s: Span| String::from_utf8_lossy(at(s)).into_owned();
    let unfilled = |s: Span| text(s).trim_matches('<').to_string();
    let layout = Layout::of(format);
    let mut checks = Vec::new();
    let mut check = |field, data: &[u8], digit: Span, empty_may_be_filler: bool| {
        let found = at(digit)[0];
        let expected = check_digit(data).expect("validated characters");
        let ok = found == expected || (empty_may_be_filler && data.iter().all(|&c| c == b'<') && found == b'<');
        checks.push(CheckDigit { field, line: digit.0 + 1, column: digit.1 + 1, found: found as char, expected: expected as char, ok });
    };

    // Document number: a long one (TD1/TD2) leaves `<` in the check-digit place and continues in the optional data.
    let number_digit = Span(layout.number.0, layout.number.1 + 9, 1);
    let mut optional = layout.optional;
    let continuation = at(optional).iter().take_while(|&&c| c != b'<').count();
    let long = layout.long_numbers && at(number_digit)[0] == b'<' && continuation > 0;
    let (document_number, number_data, digit) = if long {
        let rest = Span(optional.0, optional.1, continuation - 1);
        let digit = Span(optional.0, optional.1 + continuation - 1, 1);
        optional = Span(optional.0, optional.1 + continuation, optional.2 - continuation);
        let mut data = at(layout.number).to_vec();
        data.extend_from_slice(at(rest));
        (format!("{}{}", text(layout.number).replace('<', ""), text(rest)), data, digit)
    } else {
        (text(layout.number).replace('<', ""), at(layout.number).to_vec(), number_digit)
    };
    check(Checked::DocumentNumber, &number_data, digit, false);
    let birth_span = layout.birth;
    check(Checked::BirthDate, at(birth_span), Span(birth_span.0, birth_span.1 + 6, 1), false);
    check(Checked::ExpiryDate, at(layout.expiry), Span(layout.expiry.0, layout.expiry.1 + 6, 1), false);
    if let Some(digit) = layout.optional_check {
        // ICAO lets an empty personal number carry `<` (or 0) as its check digit.
        check(Checked::OptionalData, at(layout.optional), digit, true);
    }
    if let Some((spans, digit)) = layout.composite {
        let data: Vec<u8> = spans.iter().flat_map(|&s| at(s).iter().copied()).collect();
        check(Checked::Composite, &data, digit, false);
    }

    let mut problems = Vec::new();
    let mut problem = |s: Span, problem| problems.push(Located { line: s.0 + 1, column: s.1 + 1, problem });
    let document_code = text(layout.code).replace('<', "");
    if !format.code_starts().contains(at(layout.code)[0] as char) {
        problem(layout.code, Problem::DocumentCode { allowed: format.code_starts(), found: document_code.clone() });
    }
    let sex = at(layout.sex)[0] as char;
    if !matches!(sex, 'M' | 'F' | 'X' | '<') {
        problem(layout.sex, Problem::Sex { found: sex });
    }
    if MrzDate::parse(at(layout.birth), true).is_none() {
        problem(layout.birth, Problem::BirthDate { found: text(layout.birth) });
    }
    if MrzDate::parse(at(layout.expiry), false).is_none() {
        problem(layout.expiry, Problem::ExpiryDate { found: text(layout.expiry) });
    }

    let (surname, given_names) = names(&text(layout.name));
    let issuing_state = text(layout.state).replace('<', "");
    let nationality = text(layout.nationality).replace('<', "");
    let valid = checks.iter().all(|c| c.ok) && problems.is_empty();
    Mrz {
        issuing_state_known: states::is_known(&issuing_state),
        nationality_known: states::is_known(&nationality),
        fields: Fields {
            format,
            document_code,
            issuing_state,
            surname,
            given_names,
            document_number,
            nationality,
            birth_date: text(layout.birth),
            sex,
            expiry_date: text(layout.expiry),
            optional_data: unfilled(optional),
            optional_data_2: layout.optional_2.map(unfilled),
        },
        long_document_number: long,
        check_digits: checks,
        problems,
        valid,
        lines: lines.iter().map(|l| l.to_string()).collect(),
    }
}

/// Splits the name field on the first `<<`; single `<` become spaces.
fn names(field: &str) -> (String, String) {
    let field = field.trim_end_matches('<');
    let (primary, secondary) = field.split_once("<<").unwrap_or((field, ""));
    let words = |s: &str| s.split('<').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    (words(primary), words(secondary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_line_ends_and_trailing_blanks_are_accepted() {
        let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<  \r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\r\n";
        let m = parse(text).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.bac_information(), "L898902C3674081221204159");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74O8122F1204159ZE184226B<<<<<1o").unwrap_err();
        assert_eq!(e.0, vec![StructureError::Character { line: 2, column: 44, found: 'o' }]);
        assert!(e.to_string().contains("line 2, column 44"), "{e}");
        let m = parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74O8122F1204159ZE184226B<<<<<10").unwrap();
        assert_eq!(m.problems[0].to_string(), "line 2, column 14: birth date \"74O812\" is not a calendar date");
        let bad = m.check(Checked::BirthDate).unwrap();
        assert_eq!((bad.line, bad.column, bad.ok), (2, 20, false));
    }
}
