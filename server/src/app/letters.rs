//! The letters still to send (跟踪服务信函): a worklist, so a letter that fell due
//! after three unanswered calls, a wrong number or a campaign invitation is never
//! left unseen.

use super::App;
use super::followup::owners_for;
use crate::domain::{Caller, Page, Result, paging};
use crate::store::letters::{self, LetterToSend};

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
