//! Writing a zone from its fields, with every check digit: the inverse of
//! [`super::parse`], used by the simulated document reader and the tests.

use super::{Fields, Format, Layout, Span, check_digit};

/// Why fields cannot be written as a zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A field holds a character the zone cannot carry.
    #[error("{field}: {value:?} holds characters other than A-Z, 0-9 and spaces")]
    Characters {
        /// Field name.
        field: &'static str,
        /// Its value.
        value: String,
    },
    /// A field is longer than its place.
    #[error("{field}: {value:?} is longer than the {room} characters the {format:?} zone has for it")]
    TooLong {
        /// Field name.
        field: &'static str,
        /// Its value.
        value: String,
        /// Characters available.
        room: usize,
        /// The format.
        format: Format,
    },
}

/// Writes `fields` as the zone's lines. Names longer than their field are
/// truncated, as issuers do; every other field must fit. Document numbers
/// longer than 9 characters continue into the optional data on TD1 and TD2.
pub fn build(fields: &Fields) -> Result<Vec<String>, BuildError> {
    let layout = Layout::of(fields.format);
    let (rows, width) = fields.format.shape();
    let mut lines = vec![vec![b'<'; width]; rows];
    let mut put = |s: Span, field: &'static str, value: &str, truncate: bool| -> Result<(), BuildError> {
        if !value.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b' ' || c == b'<') {
            return Err(BuildError::Characters { field, value: value.into() });
        }
        if value.len() > s.2 && !truncate {
            return Err(BuildError::TooLong { field, value: value.into(), room: s.2, format: fields.format });
        }
        for (i, c) in value.bytes().take(s.2).enumerate() {
            lines[s.0][s.1 + i] = if c == b' ' { b'<' } else { c };
        }
        Ok(())
    };
    put(layout.code, "document_code", &fields.document_code, false)?;
    put(layout.state, "issuing_state", &fields.issuing_state, false)?;
    let name = if fields.given_names.is_empty() { fields.surname.clone() } else { format!("{}<<{}", fields.surname, fields.given_names) };
    put(layout.name, "name", &name, true)?;
    put(layout.nationality, "nationality", &fields.nationality, false)?;
    put(layout.birth, "birth_date", &fields.birth_date, false)?;
    put(layout.sex, "sex", &fields.sex.to_string(), false)?;
    put(layout.expiry, "expiry_date", &fields.expiry_date, false)?;
    if let (Some(s), Some(v)) = (layout.optional_2, &fields.optional_data_2) {
        put(s, "optional_data_2", v, false)?;
    }
    let number = &fields.document_number;
    let mut optional = fields.optional_data.clone();
    if number.len() > 9 && layout.long_numbers {
        put(layout.number, "document_number", &number[..9], false)?;
        // `<` in the number's check place; the rest of the number, its check digit and a filler lead the optional data.
        let digit = check_digit(number.as_bytes()).map(char::from).unwrap_or('<');
        optional = format!("{}{digit}<{optional}", &number[9..]);
    } else {
        put(layout.number, "document_number", number, false)?;
    }
    put(layout.optional, "optional_data", &optional, false)?;

    let digit = |lines: &[Vec<u8>], spans: &[Span]| {
        let data: Vec<u8> = spans.iter().flat_map(|s| lines[s.0][s.1..s.1 + s.2].iter().copied()).collect();
        check_digit(&data).expect("written from validated characters")
    };
    let set = |lines: &mut [Vec<u8>], spans: &[Span], at: Span| lines[at.0][at.1] = digit(lines, spans);
    if number.len() <= 9 || !layout.long_numbers {
        set(&mut lines, &[layout.number], Span(layout.number.0, layout.number.1 + 9, 1));
    }
    set(&mut lines, &[layout.birth], Span(layout.birth.0, layout.birth.1 + 6, 1));
    set(&mut lines, &[layout.expiry], Span(layout.expiry.0, layout.expiry.1 + 6, 1));
    if let Some(at) = layout.optional_check {
        set(&mut lines, &[layout.optional], at);
    }
    if let Some((spans, at)) = layout.composite {
        set(&mut lines, spans, at);
    }
    Ok(lines.into_iter().map(|l| String::from_utf8(l).expect("ASCII")).collect())
}
