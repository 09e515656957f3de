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

/// A letter to send as `--json` shows it: the letter, and where it goes.
fn letter_json(l: &pb::LetterToSend) -> Value {
    let mut value = super::followup::letter_json(&l.letter.clone().unwrap_or_default());
    for (key, field) in [
        ("customer_name", json!(l.customer_name)),
        ("phone", json!(l.phone)),
        ("address", json!(l.address)),
        ("plate", json!(l.plate)),
        ("owner_agent_id", json!(l.owner_agent_id)),
    ] {
        value[key] = field;
    }
    value
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
