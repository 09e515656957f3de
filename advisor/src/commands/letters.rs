//! `advisor letters`: the letters still to send, with where each goes.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::output;
use crate::{Ctx, Failure};

fn reason(code: &str) -> &str {
    match code {
        "NO_ANSWER" => "三次未接通 no answer",
        "WRONG_NUMBER" => "号码错误 wrong number",
        "CAMPAIGN_INVITATION" => "活动邀请函 invitation",
        _ => code,
    }
}

fn letter_json(l: &pb::LetterToSend) -> Value {
    let letter = l.letter.clone().unwrap_or_default();
    json!({
        "letter_id": letter.letter_id,
        "due_date": letter.due_date,
        "overdue": letter.overdue,
        "reason": letter.reason,
        "follow_up_id": letter.follow_up_id,
        "campaign_id": letter.campaign_id,
        "customer_id": letter.customer_id,
        "customer_name": l.customer_name,
        "phone": l.phone,
        "address": l.address,
        "plate": l.plate,
        "owner_agent_id": l.owner_agent_id,
    })
}

/// `advisor letters [--overdue]`.
pub async fn letters(ctx: &Ctx, conn: &Connection, overdue: bool) -> Result<(), Failure> {
    let request = pb::ListLettersRequest { overdue_only: overdue, page_size: 500, ..Default::default() };
    let found = conn.followups().list_letters(request).await?.into_inner().letters;
    let value = json!(found.iter().map(letter_json).collect::<Vec<_>>());
    let rows = found
        .iter()
        .map(|l| {
            let letter = l.letter.clone().unwrap_or_default();
            vec![
                letter.letter_id.to_string(),
                letter.due_date.clone(),
                reason(&letter.reason).to_owned(),
                l.customer_name.clone(),
                l.phone.clone(),
                if l.address.is_empty() { "(no address on file)".to_owned() } else { l.address.clone() },
                l.plate.clone(),
                if letter.overdue { "OVERDUE".to_owned() } else { String::new() },
            ]
        })
        .collect();
    output::print(ctx.json, value, &["id", "due", "why", "customer", "phone", "address", "plate", "flags"], rows);
    Ok(())
}
