//! The follow-up desk's lists and plans: follow-ups (with maintenance reminders opened
//! as they fall due), stand-ins, campaigns, lost customers and incomplete files.

use chrono::{Duration, NaiveDate};

use crate::domain::ErrorReason;
use rusqlite::Connection;

use super::followup::{FollowUpView, agent_for, check_read, owners_for, view};
use super::{App, Settings};
use crate::domain::followup::{self, DueState, FollowUpKind, FollowUpStatus};
use crate::domain::{Caller, Error, Invalid, Page, Result, Role, StaffKind, paging};
use crate::store::campaigns::{self, CampaignRow};
use crate::store::followups::{self, Filter, NewFollowUp};
use crate::store::lost::{self, LostLine, LostRow};
use crate::store::requests::{self, Fingerprint};
use crate::store::worklists::{self, LatestVisit};
use crate::store::{advisors, customers, secs, standins};

/// What the follow-up list shows.
#[derive(Debug, Clone, Default)]
pub struct FollowUpQuery {
    /// Only in this due state.
    pub due: Option<DueState>,
    /// Only falling due within this many days.
    pub within_days: Option<u32>,
    /// Only this kind.
    pub kind: Option<FollowUpKind>,
    /// Only this status (default: open and letter due).
    pub status: Option<FollowUpStatus>,
    /// Only this agent's work.
    pub agent_id: Option<i64>,
    /// Only this customer.
    pub customer_id: Option<i64>,
}

/// Who a campaign invites.
#[derive(Debug, Clone)]
pub enum Audience {
    /// Base customers (a visit within the lost-customer period).
    AllBase,
    /// Vehicles with maintenance due before a date.
    MaintenanceDue(NaiveDate),
    /// These plates or VINs.
    Vehicles(Vec<String>),
}

/// A new campaign.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    /// Idempotency.
    pub fingerprint: Fingerprint,
    /// Name.
    pub name: String,
    /// GATHERING, OFFER, FREE_CHECK or RECALL.
    pub kind: String,
    /// Date.
    pub event_date: NaiveDate,
    /// Who.
    pub audience: Audience,
}

/// A vehicle with maintenance falling due, and its reminder.
#[derive(Debug, Clone)]
pub struct DueVehicle {
    /// Customer id, name, phone.
    pub customer: (i64, String, String),
    /// Plate, model.
    pub vehicle: (String, String),
    /// Due date.
    pub due: String,
    /// Reminder follow-up.
    pub follow_up_id: i64,
}

/// A customer gone for too long, with the calls made to them as a lost customer.
#[derive(Debug, Clone)]
pub struct Lost {
    /// The customer file's part of it.
    pub row: LostRow,
    /// Plates.
    pub plates: Vec<String>,
}

/// The lost-customer list: one page, and every lost customer counted by reason.
#[derive(Debug, Clone)]
pub struct LostList {
    /// The page.
    pub customers: Vec<Lost>,
    /// The next page's token.
    pub next_page_token: String,
    /// Reasons recorded and how many lost customers have each, most first.
    pub reasons: Vec<(String, u32)>,
}

/// A customer file missing information after a visit.
#[derive(Debug, Clone)]
pub struct Incomplete {
    /// Customer id and name.
    pub customer: (i64, String),
    /// Plate, work order, visit date.
    pub visit: (String, String, String),
    /// Missing fields.
    pub missing: Vec<String>,
}

/// Opens a reminder call for each vehicle whose maintenance falls due within `days`,
/// or fell due at most `days` ago without one (a due date entered late, a reminder
/// opened on no day the desk looked): those are due from today to today.
fn open_reminders(conn: &Connection, today: NaiveDate, days: u32, now: i64) -> Result<()> {
    let window = Duration::days(i64::from(days));
    let due = customers::vehicles_due_between(conn, &(today - window).to_string(), &(today + window).to_string())?;
    let from = today.to_string();
    for vehicle in due {
        let Some(due_date) = vehicle.next_maintenance_due else { continue };
        let until = due_date.as_str().max(from.as_str()).to_owned();
        let owner = agent_for(conn, vehicle.customer_id)?;
        followups::insert(
            conn,
            &NewFollowUp {
                kind: FollowUpKind::MaintenanceReminder,
                customer_id: vehicle.customer_id,
                vehicle_id: Some(vehicle.id),
                visit_id: None,
                campaign_id: None,
                previous_id: None,
                owner_agent_id: owner,
                due_from: &from,
                due_until: &until,
                reminder_for: Some(&due_date),
                inbound_call_id: None,
            },
            now,
        )?;
    }
    Ok(())
}

fn in_scope(v: &FollowUpView, q: &FollowUpQuery, today: NaiveDate) -> Result<bool> {
    if q.due.is_some_and(|d| d != v.due_state || v.row.status != FollowUpStatus::Open) {
        return Ok(false);
    }
    if let Some(days) = q.within_days {
        let starts = v.row.next_attempt_date.as_deref().unwrap_or(&v.row.due_from);
        if super::followup::date(starts)? > today + Duration::days(i64::from(days)) {
            return Ok(false);
        }
    }
    Ok(true)
}

impl App {
    /// Follow-ups the caller may see, by the day they fall due.
    pub async fn follow_ups(
        &self,
        caller: &Caller,
        q: FollowUpQuery,
        page: Page,
    ) -> Result<(Vec<FollowUpView>, String)> {
        let (settings, now, caller) = (self.settings.clone(), self.now(), caller.clone());
        self.store
            .write(move |tx| {
                let today = settings.schedule.local_date(now);
                open_reminders(tx, today, settings.reminder_days, secs(now))?;
                let mut owners = owners_for(tx, &caller, &today.to_string())?;
                if let Some(agent) = q.agent_id {
                    let agent_view = Caller { role: Role::Followup, advisor_id: Some(agent), ..caller.clone() };
                    let theirs = owners_for(tx, &agent_view, &today.to_string())?.unwrap_or_default();
                    owners = Some(match owners {
                        Some(mine) => theirs.into_iter().filter(|o| mine.contains(o)).collect(),
                        None => theirs,
                    });
                }
                let statuses = match q.status {
                    Some(s) => vec![s],
                    None => vec![FollowUpStatus::Open, FollowUpStatus::LetterDue],
                };
                let filter = Filter {
                    statuses,
                    kind: q.kind,
                    owners,
                    customer_id: q.customer_id,
                    served_by: (caller.role == Role::Advisor).then_some(caller.advisor_id.unwrap_or(-1)),
                };
                let mut out = Vec::new();
                for row in followups::list(tx, &filter)? {
                    let v = view(tx, row, today)?;
                    if in_scope(&v, &q, today)? {
                        out.push(v);
                    }
                }
                let rows = out.into_iter().skip(page.offset as usize).take(page.probe() as usize).collect();
                Ok(paging::cut(page, rows))
            })
            .await
    }

    /// One follow-up.
    pub async fn follow_up(&self, caller: &Caller, id: i64) -> Result<FollowUpView> {
        let (settings, now, caller) = (self.settings.clone(), self.now(), caller.clone());
        self.store
            .read(move |conn| {
                let today = settings.schedule.local_date(now);
                let row = followups::get(conn, id)?
                    .ok_or_else(|| Error::refused(ErrorReason::FollowUpNotFound, format!("no follow-up {id}")))?;
                check_read(conn, &caller, &row, &today.to_string())?;
                view(conn, row, today)
            })
            .await
    }

    /// Hands an absent agent's follow-ups to a stand-in for a date range.
    pub async fn reassign(
        &self,
        caller: &Caller,
        from: i64,
        to: i64,
        first: Option<NaiveDate>,
        last: NaiveDate,
    ) -> Result<u32> {
        let (settings, now, actor) = (self.settings.clone(), self.now(), caller.actor());
        self.store
            .write(move |tx| {
                let first = first.unwrap_or_else(|| settings.schedule.local_date(now));
                if last < first {
                    return Err(Error::invalid(
                        "until_date",
                        Invalid::new(ErrorReason::DateInvalid, "the absence ends before it starts"),
                    ));
                }
                for (field, id) in [("from_agent_id", from), ("to_agent_id", to)] {
                    let agent = advisors::get(tx, id)?;
                    if !agent.is_some_and(|a| a.active && a.kind == StaffKind::FollowupAgent) {
                        return Err(Error::refused(
                            ErrorReason::AdvisorNotFound,
                            format!("{field}: no active follow-up agent {id}"),
                        ));
                    }
                }
                if from == to {
                    return Err(Error::invalid(
                        "to_agent_id",
                        Invalid::new(ErrorReason::FieldInvalid, "a stand-in is somebody else"),
                    ));
                }
                standins::insert(tx, from, to, &first.to_string(), &last.to_string(), &actor, secs(now))?;
                Ok(followups::open_count(tx, from)?)
            })
            .await
    }

    /// Creates a campaign and its invitation calls.
    pub async fn create_campaign(&self, caller: &Caller, c: NewCampaign) -> Result<CampaignRow> {
        let (settings, now, actor) = (self.settings.clone(), self.now(), caller.actor());
        self.store
            .write(move |tx| {
                if let Some(id) = requests::replayed(tx, &c.fingerprint)? {
                    return campaign(tx, id);
                }
                let today = settings.schedule.local_date(now);
                let call_date = followup::invitation_day(c.event_date, today)?;
                let customers = audience(tx, &c.audience, today, &settings)?;
                let (due_before, vehicles, kind) = match &c.audience {
                    Audience::AllBase => (None, String::new(), "ALL_BASE"),
                    Audience::MaintenanceDue(d) => (Some(d.to_string()), String::new(), "MAINTENANCE_DUE"),
                    Audience::Vehicles(v) => (None, v.join(","), "VEHICLES"),
                };
                let row = CampaignRow {
                    id: 0,
                    name: c.name.clone(),
                    kind: c.kind.clone(),
                    event_date: c.event_date.to_string(),
                    call_date: call_date.to_string(),
                    audience: kind.into(),
                    due_before,
                    vehicles,
                    invitations: 0,
                };
                let id = campaigns::insert(tx, &row, &actor, secs(now))?;
                // Invitations are called two weeks ahead: due that day, overdue after it.
                let day = call_date.to_string();
                for (customer, vehicle) in customers {
                    let owner = agent_for(tx, customer)?;
                    followups::insert(
                        tx,
                        &NewFollowUp {
                            kind: FollowUpKind::Campaign,
                            customer_id: customer,
                            vehicle_id: vehicle,
                            visit_id: None,
                            campaign_id: Some(id),
                            previous_id: None,
                            owner_agent_id: owner,
                            due_from: &day,
                            due_until: &day,
                            reminder_for: None,
                            inbound_call_id: None,
                        },
                        secs(now),
                    )?;
                }
                requests::record(tx, &c.fingerprint, id, secs(now))?;
                campaign(tx, id)
            })
            .await
    }

    /// Campaigns, latest first.
    pub async fn campaigns(&self, page: Page) -> Result<(Vec<CampaignRow>, String)> {
        self.store.read(move |c| Ok(paging::cut(page, campaigns::list(c, None, page.offset, page.probe())?))).await
    }

    /// Vehicles whose maintenance falls due within `days`, each with its reminder call.
    pub async fn maintenance_due(&self, days: u32, page: Page) -> Result<(Vec<DueVehicle>, String)> {
        let (settings, now) = (self.settings.clone(), self.now());
        self.store
            .write(move |tx| {
                let today = settings.schedule.local_date(now);
                // Reminder calls open for what falls due within the reminder period; a longer
                // look ahead lists the vehicles without filling today's calls.
                open_reminders(tx, today, settings.reminder_days, secs(now))?;
                let until = today + Duration::days(i64::from(days));
                let rows =
                    worklists::maintenance_due(tx, &today.to_string(), &until.to_string(), page.offset, page.probe())?;
                let rows = rows
                    .into_iter()
                    .map(|d| DueVehicle {
                        customer: (d.customer_id, d.customer_name, d.phone),
                        vehicle: (d.plate, d.model),
                        due: d.due,
                        follow_up_id: d.reminder_id.unwrap_or(0),
                    })
                    .collect();
                Ok(paging::cut(page, rows))
            })
            .await
    }

    /// Customers without a visit for the configured months (流失客户), longest gone
    /// first, with the calls made to them since their last visit; `uncalled_only`
    /// keeps those not called yet (the worklist). The reasons count them all.
    pub async fn lost_customers(&self, uncalled_only: bool, page: Page) -> Result<LostList> {
        let (settings, now) = (self.settings.clone(), self.now());
        self.store
            .read(move |conn| {
                let today = settings.schedule.local_date(now);
                let (cutoff, filed_by) = settings.lost_line(today);
                let today = today.to_string();
                let line = LostLine { cutoff: &cutoff, filed_by, day: &today };
                let rows = lost::list(conn, line, uncalled_only, page.offset, page.probe())?;
                let (rows, next_page_token) = paging::cut(page, rows);
                let mut customers_out = Vec::new();
                for row in rows {
                    let plates = customers::vehicles_of(conn, row.customer_id)?.into_iter().map(|v| v.plate).collect();
                    customers_out.push(Lost { row, plates });
                }
                Ok(LostList { customers: customers_out, next_page_token, reasons: lost::reasons(conn, line)? })
            })
            .await
    }

    /// Customer files still missing information 2 days after a visit.
    pub async fn incomplete_files(&self, page: Page) -> Result<(Vec<Incomplete>, String)> {
        let (settings, now) = (self.settings.clone(), self.now());
        self.store
            .read(move |conn| {
                let before = (settings.schedule.local_date(now) - Duration::days(2)).to_string();
                let out = worklists::latest_visits_until(conn, &before)?.into_iter().filter_map(incomplete);
                let rows = out.skip(page.offset as usize).take(page.probe() as usize).collect();
                Ok(paging::cut(page, rows))
            })
            .await
    }
}

/// What a customer's file misses after their latest visit, if anything.
fn incomplete(v: LatestVisit) -> Option<Incomplete> {
    let missing: Vec<String> = [
        (v.name.is_empty(), "customer_name"),
        (v.address.is_empty(), "address"),
        (v.model.is_empty(), "model"),
        (v.vehicle_type.is_empty(), "vehicle_type"),
        (!v.has_interval, "maintenance_interval"),
        (v.next_maintenance_due.is_none(), "next_maintenance_due"),
    ]
    .into_iter()
    .filter(|(gap, _)| *gap)
    .map(|(_, field)| field.to_owned())
    .collect();
    if missing.is_empty() {
        return None;
    }
    Some(Incomplete { customer: (v.customer_id, v.name), visit: (v.plate, v.work_order, v.visit_date), missing })
}

fn campaign(conn: &Connection, id: i64) -> Result<CampaignRow> {
    campaigns::list(conn, Some(id), 0, 1)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::internal(format!("campaign {id} vanished")))
}

/// The customers (and the vehicle concerned, where there is one) a campaign invites.
fn audience(
    conn: &Connection,
    audience: &Audience,
    today: NaiveDate,
    settings: &Settings,
) -> Result<Vec<(i64, Option<i64>)>> {
    match audience {
        Audience::AllBase => {
            let (cutoff, filed_by) = settings.lost_line(today);
            let day = today.to_string();
            let base = lost::base_customers(conn, LostLine { cutoff: &cutoff, filed_by, day: &day })?;
            Ok(base.into_iter().map(|customer| (customer, None)).collect())
        }
        Audience::MaintenanceDue(before) => {
            let due = customers::first_vehicle_due_before(conn, &before.to_string())?;
            Ok(due.into_iter().map(|(customer, vehicle)| (customer, Some(vehicle))).collect())
        }
        Audience::Vehicles(keys) => {
            let mut out = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                let found = customers::vehicle_by_plate_or_vin(conn, key)?.map(|v| (v.customer_id, v.id));
                match found {
                    Some((customer, vehicle)) if !out.iter().any(|(c, _)| *c == customer) => {
                        out.push((customer, Some(vehicle)))
                    }
                    Some(_) => {}
                    None => {
                        return Err(Error::invalid(
                            format!("vehicles[{i}]"),
                            Invalid::new(ErrorReason::FieldInvalid, format!("{key} is not on file")),
                        ));
                    }
                }
            }
            Ok(out)
        }
    }
}
