//! One regression tree, grown best-first on histograms of the gradients.

use crate::Params;
use crate::bins::Binned;

/// A node: a leaf's value, or where its rows go.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf(f64),
    /// Rows whose `feature` is at most `cut` go `left`, the others `right`.
    Split {
        feature: usize,
        cut: f32,
        left: usize,
        right: usize,
    },
}

/// A fitted tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    /// The leaf value a row lands on (a value that is not a number goes left, as it was binned).
    pub fn predict(&self, row: &[f32]) -> f64 {
        let mut at = 0;
        loop {
            match self.nodes[at] {
                Node::Leaf(v) => return v,
                Node::Split { feature, cut, left, right } => at = if row[feature] > cut { right } else { left },
            }
        }
    }

    /// Sets a leaf's value.
    pub fn set_leaf(&mut self, node: usize, value: f64) {
        self.nodes[node] = Node::Leaf(value);
    }
}

/// Sums of gradients, hessians and rows, per bin of every feature.
#[derive(Clone)]
struct Histogram(Vec<[f64; 3]>);

const SLOTS: usize = 256;

impl Histogram {
    fn of(data: &Binned, rows: &[u32], grad: &[f64], hess: &[f64]) -> Histogram {
        let mut h = vec![[0.0; 3]; data.columns.len() * SLOTS];
        for (f, column) in data.columns.iter().enumerate() {
            let slots = &mut h[f * SLOTS..(f + 1) * SLOTS];
            for &r in rows {
                let s = &mut slots[column[r as usize] as usize];
                s[0] += grad[r as usize];
                s[1] += hess[r as usize];
                s[2] += 1.0;
            }
        }
        Histogram(h)
    }

    /// The parent's sums less one child's: the other child's.
    fn minus(&self, child: &Histogram) -> Histogram {
        Histogram(self.0.iter().zip(&child.0).map(|(p, c)| [p[0] - c[0], p[1] - c[1], p[2] - c[2]]).collect())
    }
}

/// The best split of a leaf.
#[derive(Debug, Clone, Copy)]
struct Split {
    gain: f64,
    feature: usize,
    bin: u8,
}

/// A leaf still growing: its node, rows, sums and best split.
struct Open {
    node: usize,
    rows: Vec<u32>,
    hist: Histogram,
    split: Option<Split>,
}

/// A leaf's value from its sums (a Newton step).
fn value(g: f64, h: f64, l2: f64) -> f64 {
    -g / (h + l2)
}

fn score(g: f64, h: f64, l2: f64) -> f64 {
    g * g / (h + l2)
}

/// The split of the rows behind `hist` that lowers the loss most, if any
/// leaves at least `min_leaf` rows on each side.
fn best_split(data: &Binned, hist: &Histogram, p: &Params) -> Option<Split> {
    let mut best: Option<Split> = None;
    for (f, cuts) in data.cuts.iter().enumerate() {
        let slots = &hist.0[f * SLOTS..f * SLOTS + cuts.len()];
        let [g, h, n] = slots.iter().fold([0.0; 3], |a, s| [a[0] + s[0], a[1] + s[1], a[2] + s[2]]);
        let parent = score(g, h, p.l2);
        let mut left = [0.0; 3];
        for (b, s) in slots[..slots.len() - 1].iter().enumerate() {
            left = [left[0] + s[0], left[1] + s[1], left[2] + s[2]];
            let right = [g - left[0], h - left[1], n - left[2]];
            if left[2] < p.min_leaf as f64 {
                continue;
            }
            if right[2] < p.min_leaf as f64 {
                break;
            }
            if left[1] < MIN_HESSIAN || right[1] < MIN_HESSIAN {
                continue;
            }
            let gain = score(left[0], left[1], p.l2) + score(right[0], right[1], p.l2) - parent;
            if gain > best.map_or(0.0, |s| s.gain) {
                best = Some(Split { gain, feature: f, bin: b as u8 });
            }
        }
    }
    best
}

/// Below this a side's hessian carries no information to split on.
const MIN_HESSIAN: f64 = 1e-3;

/// A tree grown on `rows`, with each leaf's node and rows (for the booster
/// to set its value): leaf by leaf, always splitting where the loss falls
/// most, up to `max_leaves`.
pub fn grow(data: &Binned, rows: Vec<u32>, grad: &[f64], hess: &[f64], p: &Params) -> (Tree, Vec<(usize, Vec<u32>)>) {
    let hist = Histogram::of(data, &rows, grad, hess);
    let split = best_split(data, &hist, p);
    let mut nodes = vec![Node::Leaf(0.0)];
    let mut open = vec![Open { node: 0, rows, hist, split }];
    let mut leaves = 1;
    while leaves < p.max_leaves {
        let Some(k) = (0..open.len())
            .filter(|&k| open[k].split.is_some())
            .max_by(|&a, &b| open[a].split.unwrap().gain.total_cmp(&open[b].split.unwrap().gain).then(b.cmp(&a)))
        else {
            break;
        };
        let leaf = open.swap_remove(k);
        let s = leaf.split.expect("chosen for its split");
        let column = &data.columns[s.feature];
        let (l, r): (Vec<u32>, Vec<u32>) = leaf.rows.iter().partition(|&&i| column[i as usize] <= s.bin);
        // Sum the smaller side; the other is the parent's sums less it.
        let (lh, rh) = if l.len() <= r.len() {
            let lh = Histogram::of(data, &l, grad, hess);
            let rh = leaf.hist.minus(&lh);
            (lh, rh)
        } else {
            let rh = Histogram::of(data, &r, grad, hess);
            (leaf.hist.minus(&rh), rh)
        };
        let (left, right) = (nodes.len(), nodes.len() + 1);
        nodes.push(Node::Leaf(0.0));
        nodes.push(Node::Leaf(0.0));
        nodes[leaf.node] = Node::Split { feature: s.feature, cut: data.cuts[s.feature].0[s.bin as usize], left, right };
        for (node, rows, hist) in [(left, l, lh), (right, r, rh)] {
            let split = best_split(data, &hist, p);
            open.push(Open { node, rows, hist, split });
        }
        leaves += 1;
    }
    let mut tree = Tree { nodes };
    let leaves = open
        .into_iter()
        .map(|o| {
            let (g, h) = o.rows.iter().fold((0.0, 0.0), |(g, h), &i| (g + grad[i as usize], h + hess[i as usize]));
            tree.set_leaf(o.node, value(g, h, p.l2));
            (o.node, o.rows)
        })
        .collect();
    (tree, leaves)
}
