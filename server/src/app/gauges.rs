//! What the Prometheus gauges show, read from the store at each scrape so they cannot
//! drift: waiting tickets per service, advisors by the status people see, overdue
//! follow-ups — by the same domain rules the queue and the follow-up lists use.

use super::App;
use crate::domain::followup::{self, DueState};
use crate::domain::{AdvisorStatus, Result};
use crate::metrics::Gauges;
use crate::store::gauges;

impl App {
    /// The gauges as the store stands now.
    pub async fn gauges(&self) -> Result<Gauges> {
        let today = self.settings.schedule.local_date(self.now());
        let day = today.to_string();
        let (queue, advisors, windows) = self
            .store
            .read(move |conn| {
                Ok((
                    gauges::waiting_by_service(conn, &day)?,
                    gauges::service_advisors(conn)?,
                    gauges::open_windows(conn)?,
                ))
            })
            .await?;
        // Overdue as the follow-up list shows it.
        let overdue_follow_ups = windows
            .iter()
            .filter(|w| followup::due_state(w.due_from, w.due_until, w.next_attempt, today) == DueState::Overdue)
            .count();
        Ok(Gauges {
            waiting: queue.into_iter().map(|q| (q.service_code, q.tickets)).collect(),
            advisors: advisors.iter().map(|a| AdvisorStatus::effective(a.stored, a.holding_ticket)).collect(),
            overdue_follow_ups,
        })
    }
}
