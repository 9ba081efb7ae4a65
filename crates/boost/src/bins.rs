//! Features cut into at most 255 bins, each by its own quantiles: the trees
//! choose among these cuts rather than every distinct value, which is faster
//! and, as the cuts are coarse, regularises.

/// The most bins a feature is cut into (a bin fits a byte).
pub const MAX_BINS: usize = 255;

/// Where one feature is cut: a value `x` falls in bin `i` when
/// `cuts[i - 1] < x <= cuts[i]` (the first bin holds everything up to
/// `cuts[0]`, the last everything above the last cut).
#[derive(Debug, Clone, PartialEq)]
pub struct Cuts(pub Vec<f32>);

impl Cuts {
    /// The cuts of a column: midway between its distinct values when there
    /// are at most [`MAX_BINS`] of them, else at its quantiles (each the
    /// midpoint of the two values around it).
    pub fn of(column: &[f32]) -> Cuts {
        let mut v: Vec<f32> = column.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f32::total_cmp);
        let mut distinct = v.clone();
        distinct.dedup();
        if distinct.len() <= MAX_BINS {
            return Cuts(distinct.windows(2).map(|w| w[0] + (w[1] - w[0]) / 2.0).collect());
        }
        let n = v.len() - 1;
        let mut cuts: Vec<f32> = (1..MAX_BINS)
            .map(|k| {
                let rank = k as f64 / MAX_BINS as f64 * n as f64;
                let (lo, hi) = (v[rank.floor() as usize], v[rank.ceil() as usize]);
                lo + (hi - lo) / 2.0
            })
            .collect();
        cuts.dedup();
        Cuts(cuts)
    }

    /// The bin of a value (a value that is not a number goes to the first).
    pub fn bin(&self, x: f32) -> u8 {
        self.0.partition_point(|&c| c < x) as u8
    }

    /// How many bins.
    pub fn len(&self) -> usize {
        self.0.len() + 1
    }

    /// Whether there is only one bin (a constant feature).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Rows binned column by column.
pub struct Binned {
    /// Each feature's cuts.
    pub cuts: Vec<Cuts>,
    /// Each feature's bin for each row.
    pub columns: Vec<Vec<u8>>,
}

impl Binned {
    /// Bins `rows` (all of one length).
    pub fn new(rows: &[&[f32]]) -> Binned {
        let features = rows.first().map_or(0, |r| r.len());
        let (cuts, columns) = (0..features)
            .map(|f| {
                let column: Vec<f32> = rows.iter().map(|r| r[f]).collect();
                let cuts = Cuts::of(&column);
                let bins = column.iter().map(|&x| cuts.bin(x)).collect();
                (cuts, bins)
            })
            .unzip();
        Binned { cuts, columns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_are_cut_midway() {
        let c = Cuts::of(&[3.0, 1.0, 2.0, 1.0]);
        assert_eq!(c.0, vec![1.5, 2.5]);
        assert_eq!([c.bin(1.0), c.bin(1.5), c.bin(2.0), c.bin(9.0)], [0, 0, 1, 2]);
    }

    #[test]
    fn many_values_are_cut_at_quantiles_into_at_most_255_bins() {
        let v: Vec<f32> = (0..10_000).map(|i| (i as f32).sqrt()).collect();
        let c = Cuts::of(&v);
        assert!(c.len() <= MAX_BINS && c.len() > 250, "{}", c.len());
        let mut counts = vec![0usize; c.len()];
        for &x in &v {
            counts[c.bin(x) as usize] += 1;
        }
        // Quantile cuts: every bin holds about 10_000 / 255 values.
        assert!(counts.iter().all(|&n| (30..=50).contains(&n)), "{counts:?}");
    }
}
