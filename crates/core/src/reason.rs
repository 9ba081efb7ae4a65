//! Why a service ended as it did: the `reason` code of `cleared`, `referred`
//! and `refused` events, typed where borderflow branches on it.
//!
//! The codes borderflow's own producers send (the simulator, the e-gate) are
//! variants; any other system's code is kept as sent ([`ReferReason::Other`]),
//! so that an event accepted once is never refused on a later rebuild.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `reason` of a service's end.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReferReason {
    /// The simulator's e-gate rejected the traveller (no cause modelled).
    EgateRejected,
    /// The document, its chip, the gate's rules or a watchlist (the gate's log says which).
    Document,
    /// The reader gave no data in time.
    DocumentUnreadable,
    /// No biometric match in the attempts allowed.
    Biometric,
    /// The gate could not verify a required biometric (no matcher, no photo, a device fault).
    BiometricsUnavailable,
    /// More than one person in the gate's passage.
    Tailgating,
    /// The door was open and nobody walked through.
    DidNotPass,
    /// Another system's code, as sent (at most 200 bytes).
    Other(String),
}

impl ReferReason {
    /// Every typed code.
    pub const KNOWN: [ReferReason; 7] = [
        ReferReason::EgateRejected,
        ReferReason::Document,
        ReferReason::DocumentUnreadable,
        ReferReason::Biometric,
        ReferReason::BiometricsUnavailable,
        ReferReason::Tailgating,
        ReferReason::DidNotPass,
    ];

    /// The schema's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            ReferReason::EgateRejected => "egate_rejected",
            ReferReason::Document => "document",
            ReferReason::DocumentUnreadable => "document_unreadable",
            ReferReason::Biometric => "biometric",
            ReferReason::BiometricsUnavailable => "biometrics_unavailable",
            ReferReason::Tailgating => "tailgating",
            ReferReason::DidNotPass => "did_not_pass",
            ReferReason::Other(s) => s,
        }
    }

    /// Reads a code: a typed one when known, else kept as [`ReferReason::Other`].
    pub fn parse(s: &str) -> ReferReason {
        ReferReason::KNOWN.into_iter().find(|r| r.as_str() == s).unwrap_or_else(|| ReferReason::Other(s.to_owned()))
    }

    /// Whether this is a self-service gate handing the traveller over to an
    /// officer: they join the gate's fallback queue and are counted where
    /// that service ends, not here.
    pub fn handed_to_an_officer(&self) -> bool {
        !matches!(self, ReferReason::Other(_))
    }
}

impl fmt::Display for ReferReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReferReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ReferReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ReferReason::parse(&String::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_reads_back_and_others_are_kept() {
        for r in ReferReason::KNOWN {
            assert_eq!(ReferReason::parse(r.as_str()), r);
            assert!(r.handed_to_an_officer());
        }
        let visa = ReferReason::parse("visa");
        assert_eq!(visa, ReferReason::Other("visa".into()));
        assert_eq!(serde_json::to_string(&visa).unwrap(), "\"visa\"");
        assert!(!visa.handed_to_an_officer(), "a desk's refusal is the end of that traveller's crossing here");
    }
}
