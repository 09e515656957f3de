//! Finding the server and the token: flags, environment, then the demo token file.

use std::collections::BTreeMap;
use std::path::Path;

use frontdesk_proto::client::{BearerToken, Connection};
use serde::Deserialize;

use crate::Failure;

const DEFAULT_ADDR: &str = "http://127.0.0.1:50051";
use frontdesk_proto::client::DEMO_TOKEN_FILE as TOKEN_FILE;

#[derive(Debug, Deserialize)]
struct TokenFile {
    addr: Option<String>,
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

fn token_file(data_dir: &Path) -> Option<TokenFile> {
    let text = std::fs::read_to_string(data_dir.join(TOKEN_FILE)).ok()?;
    toml::from_str(&text).ok()
}

/// Connects with the address and token the user gave, or the demo file's.
pub fn connect(addr: Option<&str>, token: Option<&str>, role: &str, data_dir: &Path) -> Result<Connection, Failure> {
    let file = token_file(data_dir);
    let addr = addr
        .map(str::to_owned)
        .or_else(|| file.as_ref().and_then(|f| f.addr.clone()))
        .unwrap_or_else(|| DEFAULT_ADDR.to_owned());
    let token = match token {
        Some(token) => token.to_owned(),
        None => file.as_ref().and_then(|f| f.tokens.get(role).cloned()).ok_or_else(|| {
            Failure::Setup(format!(
                "no token: pass --token or FRONTDESK_TOKEN, or start `frontdesk-server --demo` so {} holds a `{role}` token",
                data_dir.join(TOKEN_FILE).display()
            ))
        })?,
    };
    let bearer = BearerToken::new(&token).map_err(|e| Failure::Setup(e.to_string()))?;
    // Connected on the first call, so a command checks what the user typed first (exit
    // 2) and an unreachable server shows as such only when it is needed (exit 3).
    Connection::lazy(&addr, bearer).map_err(|e| Failure::Setup(format!("bad server address {addr}: {e}")))
}
