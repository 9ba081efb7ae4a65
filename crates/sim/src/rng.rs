//! The simulator's random generator, named: xoshiro256++ from `rand_xoshiro`.
//! Its output is fixed by its published algorithm, where `rand`'s `SmallRng`
//! is documented as free to change between versions; so a seed gives the same
//! day, and the pinned digest holds, across dependency upgrades.

/// The generator behind every random stream of the simulator, the planner's
/// backtest and the benchmarks' synthetic data.
pub type SimRng = rand_xoshiro::Xoshiro256PlusPlus;
