//! The server's integration tests, one binary (one link) for them all: the
//! API in-process, history, instructions, people, reliability, two servers
//! on one store, webhooks, and the web UI's own checks.

mod common;

mod api;
mod history;
mod instructions;
mod people;
mod reliability;
mod shared;
mod web_unit;
mod webhooks;
