//! API tokens: created once, shown once, stored as a SHA-256 hash.

use crate::domain::ErrorReason;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::App;
use crate::domain::{Caller, Error, Invalid, Result, Role, StaffKind};
use crate::store::{advisors, secs, tokens};

/// The prefix of every token, so a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "fdt_";

/// The SHA-256 of a token, hex; what the database holds.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn fresh_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal_from("no randomness", e))?;
    Ok(format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The kind of staff a role's token must be bound to, if any.
fn required_kind(role: Role) -> Option<StaffKind> {
    match role {
        Role::Advisor => Some(StaffKind::ServiceAdvisor),
        Role::Followup => Some(StaffKind::FollowupAgent),
        Role::Kiosk | Role::Supervisor | Role::Admin | Role::Parts | Role::Warranty => None,
    }
}

impl App {
    /// Creates a token and returns it; only its hash is kept. Advisor and follow-up
    /// tokens belong to a member of staff of that kind.
    pub async fn create_token(&self, role: Role, advisor_id: Option<i64>, label: String) -> Result<String> {
        let now = secs(self.now());
        let token = fresh_token()?;
        let hash = hash_token(&token);
        self.store
            .write(move |tx| {
                match (required_kind(role), advisor_id) {
                    (Some(kind), None) => {
                        return Err(Error::invalid(
                            "advisor",
                            Invalid::new(
                                ErrorReason::FieldRequired,
                                format!("a {role} token needs --advisor ID (a {} member of staff)", kind.as_str()),
                            ),
                        ));
                    }
                    (_, Some(id)) => {
                        let staff = advisors::get(tx, id)?
                            .ok_or_else(|| Error::refused(ErrorReason::AdvisorNotFound, format!("no advisor {id}")))?;
                        if let Some(kind) = required_kind(role)
                            && staff.kind != kind
                        {
                            return Err(Error::invalid(
                                "advisor",
                                Invalid::new(
                                    ErrorReason::FieldInvalid,
                                    format!("advisor {id} is {}, not {}", staff.kind, kind.as_str()),
                                ),
                            ));
                        }
                        if !staff.active {
                            return Err(Error::refused(
                                ErrorReason::AdvisorInactive,
                                format!("advisor {id} is deactivated"),
                            ));
                        }
                    }
                    (None, None) => {}
                }
                Ok(tokens::insert(tx, &hash, role, advisor_id, &label, now)?)
            })
            .await?;
        Ok(token)
    }

    /// Every token ever created (never the tokens themselves).
    pub async fn tokens(&self) -> Result<Vec<tokens::TokenRow>> {
        self.store.read(|conn| Ok(tokens::list(conn)?)).await
    }

    /// Revokes a token. A running server stops taking it within
    /// [`crate::grpc::auth::TOKEN_CACHE_SECS`] seconds.
    pub async fn revoke_token(&self, id: i64) -> Result<()> {
        let now = secs(self.now());
        let revoked = self.store.write(move |tx| Ok(tokens::revoke(tx, id, now)?)).await?;
        if revoked {
            Ok(())
        } else {
            Err(Error::refused(ErrorReason::TokenInvalid, format!("no unrevoked token {id}")))
        }
    }

    /// True while the caller's token still admits them (not revoked, staff still active).
    pub async fn still_admitted(&self, caller: &Caller) -> Result<bool> {
        let token_id = caller.token_id;
        self.store.read(move |conn| Ok(tokens::still_valid(conn, token_id)?)).await
    }

    /// The caller a presented token stands for, if it is known and not revoked.
    pub async fn caller_for(&self, token: &str) -> Result<Option<Caller>> {
        let hash = hash_token(token);
        self.store.read(move |conn| Ok(tokens::find(conn, &hash)?)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = fresh_token().unwrap();
        let b = fresh_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() > 40);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }
}
