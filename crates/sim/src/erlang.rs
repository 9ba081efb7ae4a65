//! Steady-state queueing formulas: Erlang C for M/M/c and the Allen–Cunneen
//! approximation for G/G/c. The planner's first guess and the simulator's yardstick.
//!
//! Units: arrival rate per second, mean service time in seconds, waits in seconds.

/// An M/M/c system: arrival rate λ (per second), mean service time, servers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mmc {
    /// Arrivals per second.
    pub lambda: f64,
    /// Mean service time, seconds.
    pub service_s: f64,
    /// Number of servers.
    pub servers: u32,
}

impl Mmc {
    /// Offered load in Erlangs (λ × service time).
    pub fn load(&self) -> f64 {
        self.lambda * self.service_s
    }

    /// Occupancy ρ = load / c.
    pub fn occupancy(&self) -> f64 {
        self.load() / self.servers as f64
    }

    /// Whether the queue is stable (load < c).
    pub fn is_stable(&self) -> bool {
        self.servers > 0 && self.load() < self.servers as f64
    }

    /// Erlang C: probability an arrival waits. 1 if unstable.
    pub fn prob_wait(&self) -> f64 {
        if !self.is_stable() {
            return 1.0;
        }
        let (a, c) = (self.load(), self.servers);
        // Erlang B by its stable recurrence, then C from B.
        let mut b = 1.0;
        for k in 1..=c {
            b = a * b / (k as f64 + a * b);
        }
        let c = c as f64;
        c * b / (c - a * (1.0 - b))
    }

    /// Mean wait in queue, seconds (infinite if unstable).
    pub fn mean_wait(&self) -> f64 {
        if !self.is_stable() {
            return f64::INFINITY;
        }
        self.prob_wait() * self.service_s / (self.servers as f64 - self.load())
    }

    /// Service level: P(wait ≤ t seconds).
    pub fn service_level(&self, t: f64) -> f64 {
        if !self.is_stable() {
            return 0.0;
        }
        1.0 - self.prob_wait() * (-(self.servers as f64 - self.load()) * t / self.service_s).exp()
    }

    /// The `p`-quantile of the wait, seconds.
    pub fn wait_quantile(&self, p: f64) -> f64 {
        if !self.is_stable() {
            return f64::INFINITY;
        }
        let pw = self.prob_wait();
        if p <= 1.0 - pw {
            return 0.0;
        }
        -((1.0 - p) / pw).ln() * self.service_s / (self.servers as f64 - self.load())
    }
}

/// Fewest servers such that P(wait ≤ `t`) ≥ `target`: the smallest *stable*
/// c that meets it. (Starting the search at round(load + 1), as one tool on the
/// market does, overstates the answer by one in some cases.)
pub fn required_servers(lambda: f64, service_s: f64, t: f64, target: f64) -> u32 {
    let load = lambda * service_s;
    let mut c = (load.floor() as u32 + 1).max(1);
    while (Mmc { lambda, service_s, servers: c }).service_level(t) < target {
        c += 1;
    }
    c
}

/// Allen–Cunneen: mean wait of a G/G/c queue from its M/M/c wait scaled by
/// (ca² + cs²) / 2, the squared coefficients of variation of inter-arrival
/// and service times. Exact for M/M/c; an approximation otherwise.
pub fn allen_cunneen_wait(m: Mmc, ca2: f64, cs2: f64) -> f64 {
    m.mean_wait() * (ca2 + cs2) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_server_is_mm1() {
        // M/M/1: P(wait) = ρ, Wq = ρ/(μ−λ).
        let m = Mmc { lambda: 0.5, service_s: 1.0, servers: 1 };
        assert!((m.prob_wait() - 0.5).abs() < 1e-12);
        assert!((m.mean_wait() - 1.0).abs() < 1e-12);
        assert!(!Mmc { lambda: 1.0, service_s: 1.0, servers: 1 }.is_stable());
    }

    #[test]
    fn quantile_inverts_service_level() {
        let m = Mmc { lambda: 1.0, service_s: 12.5, servers: 14 };
        let q = m.wait_quantile(0.95);
        assert!((m.service_level(q) - 0.95).abs() < 1e-12);
    }
}
