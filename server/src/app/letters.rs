//! Letters (跟踪服务信函): the letters still to send — a worklist, so a letter that
//! fell due after three unanswered calls, a wrong number or a campaign invitation is
//! never left unseen — and logging a letter sent.

use crate::domain::ErrorReason;
use rusqlite::Connection;

use super::App;
use super::followup::{check_change, follow_up, owners_for, remember, replayed};
use crate::domain::followup::FollowUpStatus;
use crate::domain::{Caller, Error, Page, Result, paging};
use crate::store::letters::{self, LetterRow, LetterToSend};
use crate::store::requests::Fingerprint;
use crate::store::{customers, followups, secs};

impl App {
    /// The letters not yet sent, earliest due first: for an agent those of the
    /// follow-ups they own or stand in for today, for a supervisor all;
    /// `overdue_only` keeps those past their due date.
    pub async fn letters_to_send(
        &self,
        caller: &Caller,
        overdue_only: bool,
        page: Page,
    ) -> Result<(Vec<LetterToSend>, String)> {
        let (settings, now, caller) = (self.settings.clone(), self.now(), caller.clone());
        self.store
            .read(move |conn| {
                let today = settings.schedule.local_date(now).to_string();
                let owners = owners_for(conn, &caller, &today)?;
                let rows: Vec<LetterToSend> = letters::unsent(conn)?
                    .into_iter()
                    .filter(|(_, _, _, _, _, owner)| match &owners {
                        None => true,
                        Some(mine) => owner.is_some_and(|o| mine.contains(&o)),
                    })
                    .filter(|(letter, ..)| !overdue_only || letter.due_date < today)
                    .skip(page.offset as usize)
                    .take(page.probe() as usize)
                    .collect();
                Ok(paging::cut(page, rows))
            })
            .await
    }
}

/// A letter as the agent logs it sent.
struct Sending {
    /// The store day it went out, YYYY-MM-DD.
    today: String,
    /// What it said.
    content: String,
    /// Who sent it.
    actor: String,
    /// Now, in unix seconds.
    now: i64,
}

/// A letter logged earlier, for a retried request: the sender gets it back, anybody
/// else only if they may work its follow-up.
fn sent_again(tx: &Connection, caller: &Caller, id: i64, sending: &Sending) -> Result<LetterRow> {
    let letter = letters::get(tx, id)?.ok_or_else(|| Error::internal(format!("letter {id} vanished")))?;
    if letter.sent_by != sending.actor
        && let Some(row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
    {
        check_change(tx, caller, &row, &sending.today)?;
    }
    Ok(letter)
}

/// Sends a letter that was due; a follow-up waiting for it is closed.
fn send_due(tx: &Connection, caller: &Caller, id: i64, sending: &Sending) -> Result<i64> {
    let letter =
        letters::get(tx, id)?.ok_or_else(|| Error::refused(ErrorReason::LetterNotFound, format!("no letter {id}")))?;
    if let Some(row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()? {
        check_change(tx, caller, &row, &sending.today)?;
    }
    if letter.sent_date.is_some() {
        return Err(Error::refused(ErrorReason::LetterAlreadySent, "this letter was already sent"));
    }
    letters::mark_sent(tx, id, &sending.today, &sending.content, &sending.actor)?;
    if let Some(mut row) = letter.follow_up_id.map(|f| follow_up(tx, f)).transpose()?
        && row.status == FollowUpStatus::LetterDue
    {
        row.status = FollowUpStatus::Closed;
        row.closed_at = Some(sending.now);
        followups::update(tx, &row)?;
    }
    Ok(id)
}

/// Logs a letter nobody made due, sent today to a customer.
fn send_other(tx: &Connection, customer_id: i64, sending: Sending) -> Result<i64> {
    let letter = LetterRow {
        id: 0,
        customer_id,
        follow_up_id: None,
        campaign_id: None,
        reason: "OTHER".into(),
        due_date: sending.today.clone(),
        sent_date: Some(sending.today),
        content: sending.content,
        sent_by: sending.actor,
    };
    Ok(letters::insert(tx, &letter, sending.now)?)
}

impl App {
    /// Logs a letter sent: one that was due (closing its follow-up), or a new one.
    pub async fn log_letter(
        &self,
        caller: &Caller,
        letter_id: Option<i64>,
        plate: Option<String>,
        content: String,
        retry_key: Option<Fingerprint>,
    ) -> Result<LetterRow> {
        let (now, caller) = (self.now(), caller.clone());
        let today = self.settings.schedule.local_date(now).to_string();
        let sending = Sending { today, content, actor: caller.actor(), now: secs(now) };
        let customer = match (&letter_id, plate) {
            (None, Some(plate)) => Some(
                self.store
                    .read(move |c| Ok(customers::vehicle_by_plate(c, &plate)?.map(|v| v.customer_id)))
                    .await?
                    .ok_or_else(|| Error::refused(ErrorReason::CustomerNotFound, "no customer file has this plate"))?,
            ),
            _ => None,
        };
        self.store
            .write(move |tx| {
                if let Some(id) = replayed(tx, retry_key.as_ref())? {
                    return sent_again(tx, &caller, id, &sending);
                }
                let id = match (letter_id, customer) {
                    (Some(id), _) => send_due(tx, &caller, id, &sending)?,
                    (None, Some(customer_id)) => send_other(tx, customer_id, sending)?,
                    (None, None) => {
                        return Err(Error::invalid(
                            "letter_id",
                            crate::domain::Invalid::new(
                                ErrorReason::FieldRequired,
                                "name the letter that was due, or the customer's plate",
                            ),
                        ));
                    }
                };
                remember(tx, retry_key.as_ref(), id, now)?;
                letters::get(tx, id)?.ok_or_else(|| Error::internal(format!("letter {id} vanished")))
            })
            .await
    }
}
