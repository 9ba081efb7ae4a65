//! `borderflow`: the command-line face of borderflow. Thin: it parses flags,
//! reads and writes files, and calls the library crates.

mod backtest;
mod backup;
mod bench;
mod bench_append;
mod bench_gate;
mod bench_instructions;
mod bench_signin;
mod bench_store;
mod bench_twin;
mod demo;
mod forecast;
mod forget;
mod gate;
mod loadtest;
mod measure;
mod mrz;
mod output;
mod plan;
mod plot;
mod serve;
mod simulate;
mod twin_trial;
mod user;
mod world;

use clap::{Parser, Subcommand};

/// borderflow — run a border crossing so that nobody waits longer than the standard.
#[derive(Parser)]
#[command(name = "borderflow", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a day of a checkpoint and report queues, waits and the standard.
    Simulate(simulate::Args),
    /// Measure the simulator's speed (travellers per second, Khorgos days).
    Bench(bench::Args),
    /// Run the server fed live by the simulator (time compressed), with the dashboard.
    Demo(demo::Args),
    /// Fill a store with a year of simulated traffic and time the statistics queries.
    BenchStore(bench_store::Args),
    /// Time the store's durable append beside a bare insert loop, with random and time-ordered ids.
    BenchAppend(bench_append::Args),
    /// Time the e-gate's document, watchlist and decision steps against a million-entry watchlist.
    BenchGate(bench_gate::Args),
    /// Time one twin refresh with its whole-hall advice in the surge, beside the outlook alone.
    BenchTwin(bench_twin::Args),
    /// Time instructions from POST to the live stream of many terminals, against a running server.
    BenchInstructions(bench_instructions::Args),
    /// People signing in while devices post events: sign-ins per second, and ingest alone and beside them.
    BenchSignin(bench_signin::Args),
    /// Run the checkpoint server: event ingest, live picture, statistics.
    Serve(serve::ServeArgs),
    /// Load a running server with simulated events; report throughput and latency.
    Loadtest(loadtest::Args),
    /// Fit the simulator to real airport waits (CBP files) and score it against baselines.
    Backtest(backtest::Args),
    /// Score the twin against a day that departs from its scenario, beside persistence.
    TwinTrial(twin_trial::Args),
    /// Forecast arrivals per 15 minutes for a day from hourly history, scoring each method on held-out days.
    Forecast(forecast::Args),
    /// Find the fewest desks and e-gates per interval that keep travellers within the standard, with a roster.
    Plan(plan::Args),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(serve::TokenCommand),
    /// Manage the people who sign in.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Run the controller beside one self-service e-gate (simulated devices), delivering its events to a server.
    Gate(gate::Args),
    /// Read travel documents' machine-readable zones.
    #[command(subcommand)]
    Mrz(mrz::Command),
    /// Copy a SQLite store to a file, consistent while its server runs.
    Backup(backup::BackupArgs),
    /// Put a backup back as a store (one that does not exist yet).
    Restore(backup::RestoreArgs),
    /// Forget the travellers (their pseudonyms) of days older than a number of days; counts and figures stay.
    ForgetTravellers(forget::ForgetArgs),
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // The message and its causes, never a backtrace, whatever RUST_BACKTRACE says: these are
        // users' errors (a missing file, a bad value) and the message says what to do.
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Serve(args) => serve::serve(args),
        Command::Token(cmd) => serve::token(cmd),
        Command::User(cmd) => user::run(cmd),
        Command::Loadtest(args) => loadtest::run(args),
        Command::BenchStore(args) => bench_store::run(args),
        Command::BenchAppend(args) => bench_append::run(args),
        Command::BenchGate(args) => bench_gate::run(args),
        Command::BenchTwin(args) => bench_twin::run(args),
        Command::TwinTrial(args) => twin_trial::run(args),
        Command::BenchInstructions(args) => bench_instructions::run(args),
        Command::BenchSignin(args) => bench_signin::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Backtest(args) => backtest::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Forecast(args) => forecast::run(args),
        Command::Mrz(cmd) => mrz::run(cmd),
        Command::Gate(args) => gate::run(args),
        Command::Backup(args) => backup::backup(args),
        Command::Restore(args) => backup::restore(args),
        Command::ForgetTravellers(args) => forget::run(args),
    };
    // A closed pipe (`borderflow simulate | head`) is the reader's choice, not an error.
    match result {
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => Ok(()),
        other => other,
    }
}
