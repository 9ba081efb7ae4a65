//! Names as comparable keys despite transliteration.
//!
//! One person's name reaches the gate spelt as the issuing state transliterated
//! it (ICAO 9303 Part 3 for Cyrillic: Ж→ZH, Х→KH, Ю→IU), and reaches a
//! watchlist spelt by whoever entered it (Zh/J, Kh/H, Yu/Iu, Wade–Giles
//! Hsu/Chang for pinyin Xu/Zhang, Aleksandr/Alexander). Each name word is
//! reduced to a skeleton where those spellings coincide or nearly so; words
//! are then compared with Jaro–Winkler, in any order, so that swapped name
//! order, missing given names and run-together pinyin syllables still score.

/// A name word's transliteration skeleton: Latin capitals with the usual
/// alternative spellings folded together.
pub fn skeleton(word: &str) -> String {
    let mut latin = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_uppercase) {
        match transliterate(c) {
            Some(s) => latin.push_str(s),
            None if c.is_ascii_uppercase() => latin.push(c),
            None => {} // digits, punctuation, characters we cannot read
        }
    }
    // Longest spellings first, so SHCH is not read as SH + CH.
    const FOLDS: [(&str, &str); 19] = [
        ("SHCH", "S"),
        ("DZH", "J"),
        ("ZH", "J"),
        ("DJ", "J"),
        ("KH", "H"),
        ("TCH", "C"),
        ("CH", "C"),
        ("TS", "C"),
        ("TZ", "C"),
        ("SH", "S"),
        ("HS", "S"),
        ("KS", "X"),
        ("X", "S"),
        ("Q", "C"),
        ("PH", "F"),
        ("W", "V"),
        ("Y", "I"),
        ("OU", "U"),
        ("CK", "K"),
    ];
    let mut s = latin;
    for (from, to) in FOLDS {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // Doubled letters (Anna/Ana, Iurii/Yuri) carry no identity.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Cyrillic (Russian, Kazakh, Ukrainian) per ICAO 9303 Part 3, and Latin
/// letters with diacritics to their base letters.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'А' | 'Ә' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' | 'Ғ' | 'Ґ' => "G",
        'Д' => "D",
        'Е' | 'Ё' | 'Э' | 'Є' => "E",
        'Ж' => "ZH",
        'З' => "Z",
        'И' | 'Й' | 'І' | 'Ї' => "I",
        'К' | 'Қ' => "K",
        'Л' => "L",
        'М' => "M",
        'Н' | 'Ң' => "N",
        'О' | 'Ө' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'У' | 'Ұ' | 'Ү' => "U",
        'Ф' => "F",
        'Х' | 'Һ' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Ю' => "IU",
        'Я' => "IA",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Č' => "C",
        'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'Ł' => "L",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'Œ' => "OE",
        'Ř' => "R",
        'Ś' | 'Š' | 'Ş' => "S",
        'Ť' | 'Ţ' => "T",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'Ý' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// A whole name as skeleton words (surname and given names together: order is
/// not trusted).
pub fn words(surname: &str, given_names: &str) -> Vec<String> {
    surname
        .split(|c: char| c.is_whitespace() || c == '<' || c == '-' || c == ',')
        .chain(given_names.split(|c: char| c.is_whitespace() || c == '<' || c == '-' || c == ','))
        .map(skeleton)
        .filter(|w| !w.is_empty())
        .collect()
}

/// How alike two names are, 0–1. Each word of the shorter name is paired with
/// its best unused match in the other, in any order; words the shorter name
/// lacks (a missing given name) cost a little, not everything. Run-together
/// words (XIAOMING / XIAO MING) are caught by also trying the longer name with
/// two neighbouring words joined.
pub fn similarity<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> f64 {
    let a: Vec<&str> = a.iter().map(AsRef::as_ref).collect();
    let b: Vec<&str> = b.iter().map(AsRef::as_ref).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let mut best = paired(short, long);
    for i in 1..long.len() {
        let mut joined: Vec<String> = long.iter().map(|w| w.to_string()).collect();
        let second = joined.remove(i);
        joined[i - 1].push_str(&second);
        let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
        let score = if joined.len() >= short.len() { paired(short, &joined) } else { paired(&joined, short) };
        best = best.max(score);
    }
    best.clamp(0.0, 1.0)
}

/// Pairs each word of `short` with its best unused word of `long`, weighting by
/// length, less 0.04 for each word `long` has beyond `short`.
fn paired(short: &[&str], long: &[&str]) -> f64 {
    let mut used = vec![false; long.len()];
    let (mut sum, mut weight) = (0.0, 0.0);
    for w in short {
        let (best, score) = long
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, v)| (j, strsim::jaro_winkler(w, v)))
            .fold((usize::MAX, 0.0), |acc, x| if x.1 > acc.1 { x } else { acc });
        if best != usize::MAX {
            used[best] = true;
        }
        let len = w.len() as f64;
        sum += score * len;
        weight += len;
    }
    sum / weight - 0.04 * (long.len() - short.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: (&str, &str), b: (&str, &str)) -> f64 {
        similarity(&words(a.0, a.1), &words(b.0, b.1))
    }

    #[test]
    fn transliterations_fold_together() {
        assert_eq!(skeleton("Юрий"), skeleton("IURII"));
        assert_eq!(skeleton("YURIY"), skeleton("IURII"));
        assert_eq!(skeleton("ZHANNA"), skeleton("Жанна"));
        assert_eq!(skeleton("KHABIBULLIN"), skeleton("HABIBULIN"));
        assert_eq!(skeleton("XU"), skeleton("HSU"));
        assert_eq!(skeleton("ALEKSANDR"), skeleton("ALEXANDR"));
        assert_eq!(skeleton("MÜLLER"), skeleton("MULLER"));
        assert_eq!(skeleton("Нұрлан"), skeleton("NURLAN"));
    }

    #[test]
    fn same_person_scores_high_and_others_low() {
        let high = [
            (("IVANOV", "SERGEI"), ("Иванов", "Сергей")),
            (("ZHANG", "XIAOMING"), ("XIAO MING", "ZHANG")),
            (("ZHANG", "XIAOMING"), ("ZHANG", "XIAO MING")),
            (("NAZARBAYEV", "NURSULTAN ABISHULY"), ("NAZARBAEV", "NURSULTAN")),
            (("KHAN", "MOHAMMED"), ("KHAN", "MUHAMMAD")),
            (("SHCHERBAKOV", "ALEXANDER"), ("SCHERBAKOV", "ALEKSANDR")),
        ];
        for (a, b) in high {
            let s = sim(a, b);
            assert!(s >= 0.88, "{a:?} vs {b:?}: {s:.3}");
        }
        let low =
            [(("IVANOV", "SERGEI"), ("PETROV", "ANDREI")), (("ZHANG", "WEI"), ("WANG", "FANG")), (("ERIKSSON", "ANNA"), ("SMITH", "JOHN"))];
        for (a, b) in low {
            let s = sim(a, b);
            assert!(s < 0.8, "{a:?} vs {b:?}: {s:.3}");
        }
    }
}
