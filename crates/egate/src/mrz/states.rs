//! State codes an MRZ may carry: ISO 3166-1 alpha-3 plus the codes ICAO 9303
//! Part 3 adds (Germany's `D`, UN bodies, stateless persons and refugees, …).

/// ISO 3166-1 alpha-3, taken from Debian's `iso-codes` package
/// (`/usr/share/iso-codes/json/iso_3166-1.json`, 249 codes).
const ISO_3166_ALPHA3: &str = "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR \
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR \
CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB \
GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM \
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ \
MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY \
PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA \
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB \
ZWE";

/// ICAO 9303 Part 3 codes outside ISO 3166: Germany (`D`), the fictitious
/// specimen state, British nationality classes, the EU, Kosovo, UN bodies and
/// agencies, and the codes for stateless persons, refugees and unspecified
/// nationality.
const ICAO_EXTRA: &str = "D UTO GBD GBN GBO GBP GBS EUE RKS UNO UNA UNK XBA XIM XCC XCE XCO XEC XPO XES XMP XOM XDC XSC XXA XXB XXC XXX";

/// Whether `code` (fillers already removed, e.g. `D` for `D<<`) is a state
/// code ICAO 9303 knows.
pub fn is_known(code: &str) -> bool {
    code.len() <= 3 && ISO_3166_ALPHA3.split(' ').chain(ICAO_EXTRA.split(' ')).any(|c| c == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_iso_and_icao_codes() {
        for c in ["CHN", "KAZ", "D", "UTO", "XXA", "UNO"] {
            assert!(super::is_known(c), "{c}");
        }
        for c in ["ZZZ", "DE", "", "CHNA"] {
            assert!(!super::is_known(c), "{c}");
        }
    }
}
