//! Outbound calls that are no follow-up, above all calls to lost customers
//! (注重对流失客户回访及分析): logged in the call registers with why they were made,
//! how they went and the reason the customer gave, which becomes the file's reason.

use crate::domain::ErrorReason;

use super::{remember, replayed};
use crate::app::App;
use crate::domain::followup::{CallOutcome, CallPurpose};
use crate::domain::{Caller, Error, Result};
use crate::store::calls::{self, CallRow};
use crate::store::requests::Fingerprint;
use crate::store::{customers, secs};

/// An outbound call that is no follow-up.
#[derive(Debug, Clone)]
pub struct OutboundCall {
    /// The customer called.
    pub customer_id: i64,
    /// Why.
    pub purpose: CallPurpose,
    /// How it went.
    pub outcome: CallOutcome,
    /// Key points.
    pub note: String,
    /// The reason the customer gave for staying away, when they gave one.
    pub lost_reason: Option<String>,
}

impl App {
    /// Logs an outbound call that is no follow-up; a reason given becomes the file's
    /// 流失原因. Returns the call and the reason on file after it. A retried request
    /// id returns what the first request logged.
    pub async fn outbound_call(
        &self,
        caller: &Caller,
        call: OutboundCall,
        retry_key: Option<Fingerprint>,
    ) -> Result<(CallRow, String)> {
        let (now, actor) = (self.now(), caller.actor());
        self.store
            .write(move |tx| {
                let logged = match replayed(tx, retry_key.as_ref())? {
                    Some(id) => id,
                    None => {
                        let mut customer = customers::get(tx, call.customer_id)?.ok_or_else(|| {
                            Error::refused(ErrorReason::CustomerNotFound, format!("no customer {}", call.customer_id))
                        })?;
                        let id = calls::insert(tx, &row(&call, &actor, secs(now)))?;
                        if let Some(reason) = &call.lost_reason {
                            customer.lost_reason.clone_from(reason);
                            customers::update(tx, &customer, secs(now))?;
                        }
                        remember(tx, retry_key.as_ref(), id, now)?;
                        id
                    }
                };
                let row = calls::get(tx, logged)?.ok_or_else(|| Error::internal(format!("call {logged} vanished")))?;
                let reason = customers::get(tx, row.customer_id)?.map(|c| c.lost_reason).unwrap_or_default();
                Ok((row, reason))
            })
            .await
    }
}

/// The call as stored.
fn row(call: &OutboundCall, actor: &str, now: i64) -> CallRow {
    CallRow {
        id: 0,
        follow_up_id: None,
        customer_id: call.customer_id,
        inbound: false,
        at: now,
        agent: actor.to_owned(),
        outcome: Some(call.outcome),
        satisfaction: None,
        topics: Vec::new(),
        requests: String::new(),
        complaints: String::new(),
        answered_on_call: true,
        note: call.note.clone(),
        inbound_kind: None,
        too_early: false,
        new_content: String::new(),
        purpose: Some(call.purpose),
        lost_reason: call.lost_reason.clone().unwrap_or_default(),
    }
}
