//! What advisors do at the counter: pull the next customer, start, finish (which
//! opens a visit), recall, skip, transfer, return, cancel; supervisors raise tickets;
//! everybody on the floor sets their status.

use crate::domain::ErrorReason;
use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::App;
use super::booking::known_service;
use super::hub::EventKind;
use super::queue::{FloorAdvisor, TicketView, as_waiting, floor, ticket_in};
use crate::domain::queue::choose_next;
use crate::domain::staff::AtCounter;
use crate::domain::{AdvisorStatus, Caller, Error, Result, Role, StaffKind, TicketState, work_order_number};
use crate::store::advisors::{self, AdvisorRow};
use crate::store::tickets::{self, TicketRow};
use crate::store::visits::{self, NewVisit, VisitRow};
use crate::store::{customers, secs};

/// What reception recorded when it finished.
#[derive(Debug, Clone)]
pub struct Reception {
    /// The odometer, km.
    pub mileage_km: i32,
    /// 问诊.
    pub customer_request: String,
    /// When the car is promised.
    pub promised_ready: DateTime<Utc>,
    /// 回访备注.
    pub callback_note: String,
    /// Reception suspects a mystery shopper.
    pub mystery_shopper: bool,
    /// Reception finds the customer likely to complain.
    pub likely_to_complain: bool,
}

/// Where a transfer goes (a domain rule: it names a target).
pub use crate::domain::queue::Transfer;

fn service_advisor(tx: &Transaction<'_>, id: i64) -> Result<AdvisorRow> {
    match advisors::get(tx, id)? {
        Some(a) if a.kind == StaffKind::ServiceAdvisor => Ok(a),
        _ => Err(Error::refused(ErrorReason::AdvisorNotFound, format!("no service advisor {id}"))),
    }
}

fn ticket(tx: &Transaction<'_>, id: i64) -> Result<TicketRow> {
    tickets::get(tx, id)?.ok_or_else(|| Error::refused(ErrorReason::TicketNotFound, format!("no ticket {id}")))
}

/// The advisor a caller acts as: their own, or (supervisors) anybody's.
pub fn acting_advisor(caller: &Caller, requested: Option<i64>) -> Result<i64> {
    match (caller.role, requested, caller.advisor_id) {
        (Role::Supervisor, Some(id), _) => Ok(id),
        (_, Some(id), Some(own)) if id == own => Ok(id),
        (_, None, Some(own)) => Ok(own),
        (_, Some(_), _) => Err(Error::refused(ErrorReason::NotYourTicket, "advisors act for themselves only")),
        (_, None, None) => Err(Error::invalid(
            "advisor_id",
            crate::domain::Invalid::new(ErrorReason::FieldRequired, "name the advisor to act for"),
        )),
    }
}

/// A ticket another advisor holds is theirs: only they (or a supervisor) act on it.
/// Tickets nobody holds are left to the state rules.
fn check_holder(caller: &Caller, t: &TicketRow) -> Result<()> {
    let someone_else = t.state.is_held() && t.advisor_id != caller.advisor_id;
    if caller.role == Role::Supervisor || !someone_else {
        Ok(())
    } else {
        Err(Error::refused(ErrorReason::NotYourTicket, format!("ticket {} is held by another advisor", t.number)))
    }
}

impl App {
    /// Calls the next customer for an advisor.
    pub async fn pull_next(&self, caller: &Caller, advisor_id: i64) -> Result<TicketView> {
        let (settings, now) = (self.settings.clone(), self.now());
        self.write_queue(
            caller.actor(),
            move |tx, changes| {
                let me = service_advisor(tx, advisor_id)?;
                let held = tickets::held_by(tx, me.id)?;
                let holding = held.as_ref().map(|t| t.number.as_str());
                AtCounter { active: me.active, status: me.queue_status, counter: me.counter_number, holding }
                    .ready_to_call()?;
                let today = settings.schedule.local_date(now).to_string();
                let waiting: Vec<_> = tickets::waiting_of_day(tx, &today)?.iter().map(as_waiting).collect();
                let (_, on_floor) = floor(tx)?;
                let (id, reason) = choose_next(&waiting, me.id, &on_floor, now, &settings.queue)
                    .ok_or_else(|| Error::refused(ErrorReason::QueueEmpty, "nobody is waiting for you"))?;
                let mut t = ticket(tx, id)?;
                t.state = t.state.call()?;
                t.advisor_id = Some(me.id);
                t.counter_number = me.counter_number;
                t.assignment_reason = Some(reason);
                t.transferred_to = None;
                t.transferred_at = None;
                t.called_at = t.called_at.or(Some(secs(now)));
                t.last_called_at = Some(secs(now));
                tickets::update(tx, &t)?;
                changes.ticket(tx, EventKind::TicketCalled, id, reason.as_str())?;
                Ok(id)
            },
            |tx, id, view| ticket_in(tx, view, id),
        )
        .await
        .inspect(|called| {
            let t = &called.row;
            if let (Some(first), Some(last)) = (t.called_at, t.last_called_at)
                && first == last
            {
                self.metrics.observe_wait(&t.service_code, (first - t.arrived_at).max(0) as f64);
            }
        })
    }

    /// Runs one ticket action: load, check who may and apply (in `apply`), save, log.
    async fn act<F>(&self, caller: &Caller, id: i64, apply: F) -> Result<TicketView>
    where
        F: FnOnce(&Transaction<'_>, &mut TicketRow, i64) -> Result<EventKind> + Send + 'static,
    {
        let now = self.now();
        self.write_queue(
            caller.actor(),
            move |tx, changes| {
                let mut t = ticket(tx, id)?;
                let kind = apply(tx, &mut t, secs(now))?;
                tickets::update(tx, &t)?;
                changes.ticket(tx, kind, id, "")
            },
            move |tx, (), view| ticket_in(tx, view, id),
        )
        .await
    }

    /// The called customer reached the counter.
    pub async fn start_service(&self, caller: &Caller, id: i64) -> Result<TicketView> {
        let who = caller.clone();
        self.act(caller, id, move |_, t, now| {
            check_holder(&who, t)?;
            t.state = t.state.start()?;
            t.started_at = Some(now);
            Ok(EventKind::TicketStarted)
        })
        .await
    }

    /// Calls again, or makes the ticket a no-show once the recalls ran out.
    pub async fn recall(&self, caller: &Caller, id: i64) -> Result<TicketView> {
        let (who, max) = (caller.clone(), self.settings.queue.max_recalls);
        self.act(caller, id, move |_, t, now| {
            check_holder(&who, t)?;
            t.state = t.state.recall(t.recalls, max)?;
            if t.state == TicketState::NoShow {
                t.finished_at = Some(now);
                return Ok(EventKind::TicketNoShow);
            }
            t.recalls += 1;
            t.last_called_at = Some(now);
            Ok(EventKind::TicketRecalled)
        })
        .await
    }

    /// The called customer did not come.
    pub async fn skip(&self, caller: &Caller, id: i64) -> Result<TicketView> {
        let who = caller.clone();
        self.act(caller, id, move |_, t, now| {
            check_holder(&who, t)?;
            t.state = t.state.skip()?;
            t.finished_at = Some(now);
            Ok(EventKind::TicketNoShow)
        })
        .await
    }

    /// Back into the queue: the holder for a called or in-service ticket; anybody at
    /// the counters for a no-show of today who turned up. The customer is called anew:
    /// the recalls start again from none.
    pub async fn return_ticket(&self, caller: &Caller, id: i64) -> Result<TicketView> {
        let who = caller.clone();
        let today = self.settings.schedule.local_date(self.now()).to_string();
        self.act(caller, id, move |tx, t, _| {
            check_holder(&who, t)?;
            t.state = t.state.return_to_queue()?;
            if t.local_date != today {
                return Err(Error::refused(
                    ErrorReason::TicketStateInvalid,
                    format!("ticket {} is from {}; check the customer in again", t.number, t.local_date),
                ));
            }
            if let Some(open) = tickets::open_for_customer(tx, t.customer_id, &t.local_date)?
                && open.id != t.id
            {
                return Err(Error::refused(
                    ErrorReason::TicketStateInvalid,
                    format!("the customer is already queued as {}", open.number),
                ));
            }
            t.finished_at = None;
            t.recalls = 0;
            Ok(EventKind::TicketReturned)
        })
        .await
    }

    /// The customer left: the holder for a held ticket; anybody at the counters otherwise.
    pub async fn cancel_ticket(&self, caller: &Caller, id: i64) -> Result<TicketView> {
        let who = caller.clone();
        self.act(caller, id, move |_, t, now| {
            check_holder(&who, t)?;
            t.state = t.state.cancel()?;
            t.finished_at = Some(now);
            Ok(EventKind::TicketCancelled)
        })
        .await
    }

    /// A supervisor moves a waiting ticket to the front of its service's queue.
    pub async fn raise(&self, caller: &Caller, id: i64, reason: String) -> Result<TicketView> {
        self.act(caller, id, move |_, t, _| {
            t.state = t.state.raise()?;
            t.raised = true;
            t.raise_reason = reason;
            Ok(EventKind::TicketRaised)
        })
        .await
    }

    /// Hands a ticket to another advisor and/or service; it waits again. An advisor
    /// hands on the ticket they hold; a supervisor any open one.
    pub async fn transfer(&self, caller: &Caller, id: i64, to: Transfer) -> Result<TicketView> {
        let who = caller.clone();
        self.act(caller, id, move |tx, t, now| {
            check_holder(&who, t)?;
            if who.role != Role::Supervisor && !t.state.is_held() {
                return Err(Error::refused(
                    ErrorReason::NotYourTicket,
                    format!("ticket {} is waiting; only a supervisor hands on a ticket nobody holds", t.number),
                ));
            }
            if let Some(service) = &to.to_service {
                t.service_code = known_service(tx, service, "to_service_code")?;
            }
            if let Some(advisor) = to.to_advisor {
                let target = service_advisor(tx, advisor)?;
                if !target.active {
                    return Err(Error::refused(ErrorReason::AdvisorInactive, "that advisor is deactivated"));
                }
                if !target.service_codes.contains(&t.service_code) {
                    return Err(Error::refused(
                        ErrorReason::AdvisorNotSkilled,
                        format!("{} does not handle {}", target.name, t.service_code),
                    ));
                }
            }
            t.state = t.state.transfer()?;
            t.transferred_to = to.to_advisor;
            t.transferred_at = to.to_advisor.map(|_| now);
            Ok(EventKind::TicketTransferred)
        })
        .await
    }

    /// Reception finished: the ticket is done and a visit (work order) opens.
    pub async fn complete_service(&self, caller: &Caller, id: i64, r: Reception) -> Result<(TicketView, VisitRow)> {
        let (settings, now, who) = (self.settings.clone(), self.now(), caller.clone());
        if r.promised_ready <= now {
            return Err(Error::invalid(
                "promised_ready_time",
                crate::domain::Invalid::new(ErrorReason::FieldInvalid, "the promised time must lie in the future"),
            ));
        }
        self.write_queue(
            caller.actor(),
            move |tx, changes| {
                let mut t = ticket(tx, id)?;
                check_holder(&who, &t)?;
                t.state = t.state.complete()?;
                if visits::open_for_vehicle(tx, t.vehicle_id)?.is_some() {
                    return Err(Error::refused(
                        ErrorReason::VisitAlreadyOpen,
                        format!("{} already has an open work order", t.plate),
                    ));
                }
                t.finished_at = Some(secs(now));
                tickets::update(tx, &t)?;
                let date = settings.schedule.local_date(now);
                let work_order = work_order_number(date, visits::count_on(tx, &date.to_string())? + 1);
                let advisor_id = t.advisor_id.ok_or_else(|| Error::internal(format!("ticket {id} has no advisor")))?;
                let new = NewVisit {
                    work_order: &work_order,
                    ticket_id: t.id,
                    customer_id: t.customer_id,
                    vehicle_id: t.vehicle_id,
                    service_code: &t.service_code,
                    advisor_id,
                    local_date: &date.to_string(),
                    mileage_km: r.mileage_km,
                    customer_request: &r.customer_request,
                    callback_note: &r.callback_note,
                    promised_ready_at: secs(r.promised_ready),
                    mystery_shopper: r.mystery_shopper,
                    likely_to_complain: r.likely_to_complain,
                };
                let visit_id = visits::insert(tx, &new, secs(now), &who.actor())?;
                if r.mystery_shopper || r.likely_to_complain {
                    crate::app::followup::open_flagged(tx, visit_id, t.customer_id, t.vehicle_id, date, secs(now))?;
                }
                if let Some(mut vehicle) = customers::vehicle_by_plate(tx, &t.plate)?
                    && r.mileage_km > vehicle.mileage_km
                {
                    vehicle.mileage_km = r.mileage_km;
                    customers::update_vehicle(tx, &vehicle, secs(now))?;
                }
                changes.ticket(tx, EventKind::TicketDone, id, &work_order)?;
                let visit = visits::by_work_order(tx, &work_order)?
                    .ok_or_else(|| Error::internal(format!("visit {work_order} vanished")))?;
                Ok(visit)
            },
            move |tx, visit, view| Ok((ticket_in(tx, view, id)?, visit)),
        )
        .await
    }

    /// Sets an advisor available, paused or offline.
    pub async fn set_advisor_status(
        &self,
        caller: &Caller,
        advisor_id: i64,
        status: AdvisorStatus,
    ) -> Result<FloorAdvisor> {
        let now = self.now();
        self.write_queue(
            caller.actor(),
            move |tx, changes| {
                let me = service_advisor(tx, advisor_id)?;
                if !me.active {
                    return Err(Error::refused(ErrorReason::AdvisorInactive, "this advisor is deactivated"));
                }
                if status != AdvisorStatus::Available && tickets::held_by(tx, me.id)?.is_some() {
                    return Err(Error::refused(
                        ErrorReason::AdvisorBusy,
                        "finish, transfer or return your ticket before pausing or going offline",
                    ));
                }
                advisors::set_queue_status(tx, me.id, status, secs(now))?;
                changes.advisor(tx, me.id, status.as_str())?;
                Ok(me.id)
            },
            |_, id, state| {
                state
                    .advisors
                    .iter()
                    .find(|a| a.id == id)
                    .cloned()
                    .ok_or_else(|| Error::internal(format!("advisor {id} left the floor")))
            },
        )
        .await
    }
}

impl App {
    /// An advisor's status and the ticket they hold.
    pub async fn advisor_state(&self, advisor_id: i64) -> Result<(FloorAdvisor, Option<TicketView>)> {
        let settings = self.settings.clone();
        let now = self.now();
        self.store
            .read(move |conn| {
                let state = super::queue::load_state(conn, &settings, settings.schedule.local_date(now), now)?;
                let advisor = state.advisors.iter().find(|a| a.id == advisor_id).cloned().ok_or_else(|| {
                    Error::refused(ErrorReason::AdvisorNotFound, format!("no active service advisor {advisor_id}"))
                })?;
                let held =
                    tickets::held_by(conn, advisor_id)?.map(|row| TicketView { row, position: 0, wait_minutes: 0 });
                Ok((advisor, held))
            })
            .await
    }
}
