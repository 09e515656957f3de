//! Running the `advisor` binary against a test server.

// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

use std::process::{Command, Output};

use frontdesk_tests::TestServer;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_advisor");

/// Runs `advisor` with a token against the server, with nothing from the environment.
pub async fn advisor(server: &TestServer, token: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.env_clear().args(["--addr", &server.url(), "--token", token, "--data-dir", "/nonexistent"]).args(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("runs")).await.expect("joins")
}

/// Stdout of a run that must succeed.
pub fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
