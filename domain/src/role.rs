//! Who is calling: the role a token was created for.

use std::fmt;
use std::str::FromStr;

/// The role of an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The self check-in kiosk and the lobby display.
    Kiosk,
    /// A service advisor (服务顾问).
    Advisor,
    /// A follow-up agent (跟踪业务员).
    Followup,
    /// A front-desk supervisor or service manager.
    Supervisor,
    /// IT administration: staff and tokens.
    Admin,
    /// The parts desk (配件): orders and arrivals of parts.
    Parts,
    /// The warranty clerk (索赔员): the carmaker's decisions on warranty claims.
    Warranty,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] =
        [Role::Kiosk, Role::Advisor, Role::Followup, Role::Supervisor, Role::Admin, Role::Parts, Role::Warranty];

    /// The name used in tokens, the CLI and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Kiosk => "kiosk",
            Role::Advisor => "advisor",
            Role::Followup => "followup",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Parts => "parts",
            Role::Warranty => "warranty",
        }
    }

    /// True for people who work at the store (every role but the kiosk).
    pub fn is_staff(self) -> bool {
        self != Role::Kiosk
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            format!("unknown role `{s}`; one of kiosk, advisor, followup, supervisor, admin, parts, warranty")
        })
    }
}

/// The authenticated caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's row id.
    pub token_id: i64,
    /// The token's role.
    pub role: Role,
    /// The member of staff the token belongs to, when it is bound to one.
    pub advisor_id: Option<i64>,
    /// The token's label, for example `entrance` for a kiosk.
    pub label: String,
}

impl Caller {
    /// How the caller is recorded on what they change: `kiosk:entrance`, `advisor:3`,
    /// `supervisor:night-shift`.
    pub fn actor(&self) -> String {
        match self.advisor_id {
            Some(id) => format!("{}:{id}", self.role),
            None => format!("{}:{}", self.role, self.label),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn actors_name_the_advisor_or_the_token() {
        let mut caller = Caller { token_id: 1, role: Role::Kiosk, advisor_id: None, label: "entrance".into() };
        assert_eq!(caller.actor(), "kiosk:entrance");
        caller.role = Role::Advisor;
        caller.advisor_id = Some(3);
        assert_eq!(caller.actor(), "advisor:3");
    }
}
