//! Plots: the simulated day (queue length and wait per queue, with the
//! standard) and the staffing plan (lanes open and predicted wait).

use std::ops::Range;
use std::path::Path;

use anyhow::{Result, anyhow};
use borderflow_core::Scenario;
use borderflow_plan::staffing::Plan;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::simulate::Outcome;

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Something drawn on one canvas.
trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static;
}

/// Draws `fig` to `path` (.svg or .png).
fn save(path: &Path, fig: &impl Figure) -> Result<()> {
    let size = (1400, 900);
    // Both backends measure text with a font: register the bundled one once.
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(|| {
        // Every family plotters may ask for falls back to the one bundled face.
        for family in ["sans-serif", "serif", "monospace"] {
            assert!(plotters::style::register_font(family, FontStyle::Normal, FONT).is_ok(), "the bundled font is valid");
        }
    });
    if path.extension().and_then(|e| e.to_str()) == Some("png") {
        let root = BitMapBackend::new(path, size).into_drawing_area();
        fig.draw(&root)?;
        root.present().map_err(|e| anyhow!("{e}"))
    } else {
        let root = SVGBackend::new(path, size).into_drawing_area();
        fig.draw(&root)?;
        root.present().map_err(|e| anyhow!("{e}"))
    }
}

/// Draws the simulated day to `path` (.svg or .png).
pub fn day(path: &Path, o: &Outcome) -> Result<()> {
    save(path, &DayFigure(o))
}

/// Draws a staffing plan to `path` (.svg or .png).
pub fn plan(path: &Path, s: &Scenario, p: &Plan) -> Result<()> {
    save(path, &PlanFigure { s, p })
}

struct DayFigure<'a>(&'a Outcome);

impl Figure for DayFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        draw_day(root, self.0)
    }
}

/// A chart with hours of day across and `f64` up.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow!("{e}")
}

/// One panel: its caption, hours of day across, `y_desc` up.
fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x: Range<f64>,
    y: Range<f64>,
    y_desc: &str,
) -> Result<Chart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let mut c = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    c.configure_mesh().x_desc("hour of day (local)").y_desc(y_desc).draw().map_err(err)?;
    Ok(c)
}

/// One line, with a legend entry when it has a label.
fn line<'a, DB: DrawingBackend + 'a>(c: &mut Chart<'a, DB>, points: Vec<(f64, f64)>, colour: RGBAColor, label: Option<&str>) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let series = c.draw_series(LineSeries::new(points, colour.stroke_width(2))).map_err(err)?;
    if let Some(label) = label {
        series.label(label).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
    }
    Ok(())
}

/// The standard as a red line across the panel.
fn standard_line<'a, DB: DrawingBackend + 'a>(c: &mut Chart<'a, DB>, x: Range<f64>, minutes: f64) -> Result<()>
where
    DB::ErrorType: 'static,
{
    line(c, vec![(x.start, minutes), (x.end, minutes)], RED.to_rgba(), None)
}

fn legend<'a, DB: DrawingBackend + 'a>(c: &mut Chart<'a, DB>) -> Result<()>
where
    DB::ErrorType: 'static,
{
    c.configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(err)
}

fn draw_day<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, o: &Outcome) -> Result<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(err)?;
    let s = &o.scenario;
    let iv_h = s.standard.interval_s / 3600.0;
    let std_min = s.standard.max_wait_s / 60.0;
    let rows: Vec<_> = o.rows.iter().filter(|r| r.arrivals.mean > 0.0 || r.len_max.mean > 0.0 || r.cleared.mean > 0.0).collect();
    let x0 = rows.iter().map(|r| r.interval as f64 * iv_h).fold(f64::INFINITY, f64::min).floor();
    let x1 = rows.iter().map(|r| (r.interval + 1) as f64 * iv_h).fold(0.0, f64::max).ceil();
    let (x0, x1) = if x0.is_finite() && x1 > x0 { (x0, x1) } else { (0.0, 24.0) };
    let len_max = rows.iter().map(|r| r.len_mean.mean).fold(1.0, f64::max) * 1.1;
    let wait_max = rows.iter().map(|r| r.wait_p95.mean / 60.0).filter(|x| x.is_finite()).fold(std_min * 1.2, f64::max) * 1.1;
    let title = format!("{} — {} ({} replication(s)) — {}", s.name, s.date, o.summary.replications, o.label);
    let root = root.titled(&title, ("sans-serif", 22)).map_err(err)?;
    let (top, bottom) = root.split_vertically(420);

    let series = |q: usize, f: &dyn Fn(&borderflow_sim::replicate::IntervalEstimate) -> f64| -> Vec<(f64, f64)> {
        o.rows
            .iter()
            .filter(|r| r.queue as usize == q)
            .map(|r| ((r.interval as f64 + 0.5) * iv_h, f(r)))
            .filter(|(x, y)| y.is_finite() && *x >= x0 && *x <= x1)
            .collect()
    };

    let mut c = panel(&top, "Queue length (mean per interval)", x0..x1, 0.0..len_max, "travellers")?;
    for (q, queue) in s.queues.iter().enumerate() {
        line(&mut c, series(q, &|r| r.len_mean.mean), Palette99::pick(q).to_rgba(), Some(queue.id.as_str()))?;
    }
    legend(&mut c)?;

    let caption = format!("Wait of travellers arriving in each interval, 95th percentile (min); red: the {std_min:.0}-min standard");
    let mut c = panel(&bottom, &caption, x0..x1, 0.0..wait_max, "minutes")?;
    standard_line(&mut c, x0..x1, std_min)?;
    for q in 0..s.queues.len() {
        line(&mut c, series(q, &|r| r.wait_p95.mean / 60.0), Palette99::pick(q).to_rgba(), None)?;
    }
    Ok(())
}

struct PlanFigure<'a> {
    s: &'a Scenario,
    p: &'a Plan,
}

impl Figure for PlanFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (s, p) = (self.s, self.p);
        root.fill(&WHITE).map_err(err)?;
        let iv_h = p.interval_s / 3600.0;
        let x0 = (p.start_clock_s / 3600.0).floor();
        let x1 = ((p.start_clock_s + p.intervals as f64 * p.interval_s) / 3600.0).ceil();
        let x = |i: usize| p.start_clock_s / 3600.0 + (i as f64 + 0.5) * iv_h;
        let std_min = s.standard.max_wait_s / 60.0;
        let title = format!("{} — {} — staffing plan ({} verification rounds)", s.name, s.date, p.rounds);
        let root = root.titled(&title, ("sans-serif", 22)).map_err(err)?;
        let (top, bottom) = root.split_vertically(420);

        let lanes_max = p.groups.iter().map(|g| g.lanes).max().unwrap_or(1) as f64 + 1.0;
        let mut c = panel(&top, "Lanes open per group", x0..x1, 0.0..lanes_max, "lanes")?;
        for (gi, g) in p.groups.iter().enumerate() {
            let pts: Vec<(f64, f64)> = g.open.iter().enumerate().map(|(i, &n)| (x(i), n as f64)).collect();
            line(&mut c, pts, Palette99::pick(gi).to_rgba(), Some(&format!("{} ({})", g.group, g.kind.as_str())))?;
        }
        legend(&mut c)?;

        let wait_max = p.checks.iter().map(|c| c.wait_p95 / 60.0).filter(|w| w.is_finite()).fold(std_min * 1.2, f64::max) * 1.1;
        let caption = format!("Predicted 95th-percentile wait per queue (min); red: the {std_min:.0}-min standard");
        let mut c = panel(&bottom, &caption, x0..x1, 0.0..wait_max, "minutes")?;
        standard_line(&mut c, x0..x1, std_min)?;
        for (q, queue) in s.queues.iter().enumerate() {
            let pts: Vec<(f64, f64)> = p
                .checks
                .iter()
                .filter(|c| c.queue as usize == q && c.wait_p95.is_finite())
                .map(|c| (x(c.interval as usize), c.wait_p95 / 60.0))
                .collect();
            line(&mut c, pts, Palette99::pick(q + 10).to_rgba(), Some(queue.id.as_str()))?;
        }
        legend(&mut c)
    }
}
