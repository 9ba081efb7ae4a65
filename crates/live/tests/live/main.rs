//! The live picture's integration tests, one binary: the picture from
//! hand-made events, the estimator and the twin against the simulator, the
//! advice and its properties.

mod common;

mod advice;
mod advice_props;
mod estimator;
mod picture;
mod twin;
