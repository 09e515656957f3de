//! Staff and service types.

use crate::domain::ErrorReason;
use rusqlite::Connection;

use super::App;
use super::booking::known_service;
use crate::domain::{Caller, CounterNumber, Error, Page, PersonName, Result, ServiceCode, StaffKind, paging};
use crate::store::advisors::{self, AdvisorRow, NewAdvisor};
use crate::store::requests::{self, Fingerprint};
use crate::store::secs;
use crate::store::service_types::{self, ServiceTypeRow};

/// A new member of staff.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Idempotency.
    pub fingerprint: Fingerprint,
    /// The name.
    pub name: PersonName,
    /// The counter.
    pub counter: CounterNumber,
    /// The skills.
    pub service_codes: Vec<ServiceCode>,
    /// The kind.
    pub kind: StaffKind,
}

/// A change to a member of staff; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct StaffChange {
    /// New name.
    pub name: Option<PersonName>,
    /// New counter.
    pub counter: Option<CounterNumber>,
    /// New skills.
    pub service_codes: Option<Vec<ServiceCode>>,
    /// Activate or deactivate.
    pub active: Option<bool>,
}

fn known_services(conn: &Connection, codes: &[ServiceCode]) -> Result<Vec<String>> {
    codes.iter().enumerate().map(|(i, code)| known_service(conn, code, &format!("service_codes[{i}]"))).collect()
}

fn check_counter_free(conn: &Connection, counter: CounterNumber, except: Option<i64>) -> Result<()> {
    if counter.get() == 0 {
        return Ok(());
    }
    match advisors::at_counter(conn, counter.get(), except)? {
        Some(other) => Err(Error::refused(
            ErrorReason::CounterTaken,
            format!("advisor {other} already sits at counter {}", counter.get()),
        )),
        None => Ok(()),
    }
}

fn advisor(conn: &Connection, id: i64) -> Result<AdvisorRow> {
    advisors::get(conn, id)?.ok_or_else(|| Error::refused(ErrorReason::AdvisorNotFound, format!("no advisor {id}")))
}

impl App {
    /// Adds a member of staff; a retry with the same `request_id` returns the original.
    pub async fn create_advisor(&self, new: NewStaff) -> Result<AdvisorRow> {
        let now = secs(self.now());
        self.store
            .write(move |tx| {
                if let Some(id) = requests::replayed(tx, &new.fingerprint)? {
                    return advisor(tx, id);
                }
                let codes = known_services(tx, &new.service_codes)?;
                check_counter_free(tx, new.counter, None)?;
                let row = NewAdvisor {
                    name: new.name.as_str(),
                    counter_number: new.counter.get(),
                    kind: new.kind,
                    service_codes: &codes,
                };
                let id = advisors::insert(tx, &row, now)?;
                requests::record(tx, &new.fingerprint, id, now)?;
                advisor(tx, id)
            })
            .await
    }

    /// Staff by id, one page.
    pub async fn advisors(
        &self,
        kind: Option<StaffKind>,
        include_inactive: bool,
        page: Page,
    ) -> Result<(Vec<AdvisorRow>, String)> {
        self.store
            .read(move |conn| {
                let rows = advisors::list(conn, kind, include_inactive, page.offset, page.probe())?;
                Ok(paging::cut(page, rows))
            })
            .await
    }

    /// Changes a member of staff.
    pub async fn update_advisor(&self, caller: &Caller, id: i64, change: StaffChange) -> Result<AdvisorRow> {
        let now = secs(self.now());
        let changed = self
            .write_queue(
                caller.actor(),
                move |tx, changes| {
                    let mut row = advisor(tx, id)?;
                    if let Some(name) = &change.name {
                        row.name = name.as_str().to_owned();
                    }
                    if let Some(counter) = change.counter {
                        row.counter_number = counter.get();
                    }
                    if let Some(active) = change.active {
                        row.active = active;
                    }
                    if row.active {
                        check_counter_free(
                            tx,
                            CounterNumber::parse(row.counter_number)
                                .map_err(|e| Error::invalid("counter_number", e))?,
                            Some(id),
                        )?;
                    }
                    if let Some(codes) = &change.service_codes {
                        let codes = known_services(tx, codes)?;
                        advisors::set_skills(tx, id, &codes)?;
                    }
                    advisors::update(tx, &row, now)?;
                    // Live queue views learn of a service advisor's new counter, new skills or
                    // departure; other staff are not on the floor.
                    if row.kind == StaffKind::ServiceAdvisor {
                        changes.advisor(tx, id, if row.active { row.queue_status.as_str() } else { "DEACTIVATED" })?;
                    }
                    advisor(tx, id)
                },
                |_, row, _| Ok(row),
            )
            .await?;
        self.staff_changes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(changed)
    }

    /// The service types with the seats one slot of each has.
    pub async fn service_types(&self, page: Page) -> Result<(Vec<(ServiceTypeRow, u32)>, String)> {
        let capacity = self.settings.policy.capacity.clone();
        self.store
            .read(move |conn| {
                let all = service_types::list(conn)?;
                let rows = all
                    .into_iter()
                    .skip(page.offset as usize)
                    .take(page.probe() as usize)
                    .map(|st| {
                        let seats = capacity.for_service(&st.code);
                        (st, seats)
                    })
                    .collect();
                Ok(paging::cut(page, rows))
            })
            .await
    }
}
