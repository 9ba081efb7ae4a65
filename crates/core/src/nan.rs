//! JSON has no NaN or infinity: serde_json writes them as `null`. Figures
//! that may be "not a number" (a wait where nobody waited, a spread of one
//! value) read `null` back as NaN with [`null_as_nan`].

use serde::{Deserialize, Deserializer};

/// `#[serde(deserialize_with = "borderflow_core::nan::null_as_nan")]`: a number, or `null` as NaN.
pub fn null_as_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, serde::Serialize)]
    struct Figure {
        #[serde(deserialize_with = "super::null_as_nan")]
        wait: f64,
    }

    #[test]
    fn what_json_wrote_as_null_reads_back_as_nan() {
        let nobody = serde_json::to_string(&Figure { wait: f64::NAN }).unwrap();
        assert_eq!(nobody, r#"{"wait":null}"#);
        assert!(serde_json::from_str::<Figure>(&nobody).unwrap().wait.is_nan());
        assert_eq!(serde_json::from_str::<Figure>(r#"{"wait":12.5}"#).unwrap().wait, 12.5);
    }
}
