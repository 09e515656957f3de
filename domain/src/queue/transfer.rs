//! What a supervisor or an advisor hands on: a transfer names where the ticket goes, a
//! raise says why.

/// Where a ticket is handed: to another advisor, another service, or both, and why.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// To this advisor.
    pub to_advisor: Option<i64>,
    /// To this service type.
    pub to_service: Option<crate::ServiceCode>,
    /// Why.
    pub note: String,
}

impl Transfer {
    /// A transfer names where the ticket goes: an advisor, a service type or both
    /// (the refusal names `to_advisor_id`).
    pub fn new(
        to_advisor: Option<i64>,
        to_service: Option<crate::ServiceCode>,
        note: String,
    ) -> Result<Self, crate::Violation> {
        if to_advisor.is_none() && to_service.is_none() {
            return Err(crate::Invalid::required("name an advisor, a service type or both").at("to_advisor_id"));
        }
        Ok(Self { to_advisor, to_service, note })
    }
}

/// Why a supervisor raises a ticket to the front of its queue: a short note that
/// must be given (a VIP, a customer likely to complain).
pub fn raise_reason(text: &str) -> Result<String, crate::Invalid> {
    let reason = crate::free_text(text, crate::limits::SHORT_TEXT_CHARS)?;
    if reason.is_empty() { Err(crate::Invalid::required("say why the ticket is raised")) } else { Ok(reason) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_names_where_the_ticket_goes_and_a_raise_says_why() {
        assert_eq!(Transfer::new(None, None, String::new()).unwrap_err().field, "to_advisor_id");
        assert!(Transfer::new(Some(3), None, String::new()).is_ok());
        assert_eq!(raise_reason("  ").unwrap_err().reason, crate::ErrorReason::FieldRequired);
        assert_eq!(raise_reason(" VIP ").unwrap(), "VIP");
    }
}
