//! The ICAO 9303 check digit: weights 7, 3, 1 over character values, mod 10.

/// The value ICAO gives an MRZ character: digits 0–9, letters A–Z 10–35, the
/// filler `<` 0. `None` for any other character.
pub fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The check digit of `data` (as its ASCII digit), or `None` if `data` holds a
/// character the MRZ does not allow.
pub fn compute(data: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0;
    for (i, &c) in data.iter().enumerate() {
        sum += value(c)? * WEIGHTS[i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_worked_examples() {
        assert_eq!(compute(b"520727"), Some(b'3'));
        assert_eq!(compute(b"L898902C3"), Some(b'6'));
        assert_eq!(compute(b"AB2134<<<"), Some(b'5'));
        assert_eq!(compute(b"ab"), None);
    }
}
