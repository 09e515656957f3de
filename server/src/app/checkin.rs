//! Check-in at the kiosk: with an appointment (by code, or plate and the phone's last
//! four digits) or as a walk-in, and the ticket it gets.

use crate::domain::ErrorReason;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Transaction;

use super::App;
use super::booking::known_service;
use super::hub::EventKind;
use super::queue::{Changes, TicketView, load_state, ticket_in};
use crate::domain::queue::{QueueRules, check_arrival, check_in_window};
use crate::domain::{
    AppointmentStatus, Caller, ConfirmationCode, Error, Invalid, PersonName, Phone, PhoneLast4, Plate,
    ProvisionalNumber, Result, Role, ServiceCode, Violation, check_owner_phone, mask_plate, ticket_number,
};
use crate::store::appointments::{self, AppointmentRow};
use crate::store::requests::{self, Fingerprint};
use crate::store::visits::{self, VisitRow};
use crate::store::{customers, instant, secs, service_types, tickets};

/// How the customer identifies themselves.
#[derive(Debug, Clone)]
pub enum CheckInBy {
    /// An appointment's confirmation code. The other fields, when the kiosk sent them,
    /// must agree with the appointment.
    Code {
        /// The code.
        code: ConfirmationCode,
        /// A plate sent with it.
        plate: Option<Plate>,
        /// The phone's last four digits sent with it.
        last4: Option<PhoneLast4>,
        /// A service type sent with it.
        service: Option<ServiceCode>,
    },
    /// The plate, proven with the phone's last four digits: the plate's appointment
    /// today or, with a service, a walk-in on the customer's file.
    Plate {
        /// The plate.
        plate: Plate,
        /// The last four digits of the phone on file.
        last4: PhoneLast4,
        /// The service, for a walk-in when there is no appointment today.
        service: Option<ServiceCode>,
    },
    /// A walk-in; a plate not on file needs the phone.
    WalkIn {
        /// The plate.
        plate: Plate,
        /// The service type.
        service: ServiceCode,
        /// The full phone, for a plate not on file.
        phone: Option<Phone>,
        /// The name or surname, for a new file.
        name: Option<PersonName>,
    },
}

/// A check-in.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// Idempotency.
    pub fingerprint: Fingerprint,
    /// Who.
    pub by: CheckInBy,
    /// When the customer checked in, if earlier than now (the kiosk's outbox).
    pub arrived_at: Option<DateTime<Utc>>,
    /// The number the kiosk showed a customer it registered offline.
    pub provisional_number: Option<ProvisionalNumber>,
}

/// The result of a check-in.
#[derive(Debug, Clone)]
pub struct CheckedIn {
    /// The ticket.
    pub ticket: TicketView,
    /// True when the customer already had an open ticket today.
    pub existing: bool,
}

fn no_appointment() -> Error {
    Error::refused(ErrorReason::AppointmentNotFound, "no appointment matches")
}

/// What a check-in resolves to: customer, vehicle, service and appointment.
struct Arrival {
    customer_id: i64,
    vehicle_id: i64,
    /// The service to queue for; `None` for a plate proven without an appointment
    /// today and without a service chosen (only an open ticket or visit can answer it).
    service_code: Option<String>,
    appointment: Option<AppointmentRow>,
    /// True when the request proved it is the customer's (a code, the last four
    /// digits or the full phone), so the car's repair progress may be told.
    proven: bool,
}

fn booked_today(tx: &Transaction<'_>, plate: &str, today: &str) -> Result<Option<AppointmentRow>> {
    let filter = appointments::Filter {
        plate: Some(plate.to_owned()),
        date: Some(today.to_owned()),
        status: Some(AppointmentStatus::Booked),
        ..appointments::Filter::default()
    };
    Ok(appointments::list(tx, &filter, false, 0, 1)?.into_iter().next())
}

fn rfc3339(unix: i64) -> String {
    instant(unix).to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn with_appointment(appointment: AppointmentRow, today: &str) -> Result<Arrival> {
    if appointment.local_date != today {
        return Err(Error::refused(
            ErrorReason::AppointmentNotToday,
            format!("this appointment is on {}", appointment.local_date),
        )
        .with("slot_start", rfc3339(appointment.slot_start))
        .with("local_date", appointment.local_date));
    }
    Ok(Arrival {
        customer_id: appointment.customer_id,
        vehicle_id: appointment.vehicle_id,
        service_code: Some(appointment.service_code.clone()),
        appointment: Some(appointment),
        proven: true,
    })
}

/// A check-in by code that also names another car, another service or other digits
/// is a mistake: it is refused rather than checked in on the code with the rest ignored.
fn contradictions(
    a: &AppointmentRow,
    plate: Option<&Plate>,
    last4: Option<&PhoneLast4>,
    service: Option<&ServiceCode>,
) -> Result<()> {
    let mut found: Vec<Violation> = Vec::new();
    if plate.is_some_and(|p| p.as_str() != a.plate) {
        found.push(Invalid::new(ErrorReason::FieldInvalid, "this is not the plate of the appointment").at("plate"));
    }
    if service.is_some_and(|s| s.as_str() != a.service_code) {
        let why = format!("the appointment is for {}", a.service_code);
        found.push(Invalid::new(ErrorReason::FieldInvalid, why).at("service_code"));
    }
    if last4.is_some_and(|l4| !l4.matches(&a.phone)) {
        let why = "these are not the last four digits of the appointment's phone";
        found.push(Invalid::new(ErrorReason::FieldInvalid, why).at("phone_last4"));
    }
    if found.is_empty() { Ok(()) } else { Err(Error::Invalid(found)) }
}

fn resolve(tx: &Transaction<'_>, by: &CheckInBy, today: &str, now: i64) -> Result<Arrival> {
    match by {
        CheckInBy::Code { code, plate, last4, service } => {
            let appointment = appointments::by_code(tx, code.as_str())?.ok_or_else(no_appointment)?;
            contradictions(&appointment, plate.as_ref(), last4.as_ref(), service.as_ref())?;
            with_appointment(appointment, today)
        }
        CheckInBy::Plate { plate, last4, service } => {
            let vehicle = customers::vehicle_by_plate(tx, plate.as_str())?.ok_or_else(no_appointment)?;
            let owner = customers::get(tx, vehicle.customer_id)?.ok_or_else(no_appointment)?;
            if !last4.matches(&owner.phone) {
                return Err(no_appointment());
            }
            if let Some(appointment) = booked_today(tx, plate.as_str(), today)? {
                return with_appointment(appointment, today);
            }
            let service_code = service.as_ref().map(|s| known_service(tx, s, "service_code")).transpose()?;
            Ok(Arrival { customer_id: owner.id, vehicle_id: vehicle.id, service_code, appointment: None, proven: true })
        }
        CheckInBy::WalkIn { plate, service, phone, name } => {
            let service_code = Some(known_service(tx, service, "service_code")?);
            if let Some(vehicle) = customers::vehicle_by_plate(tx, plate.as_str())? {
                let owner = customers::get(tx, vehicle.customer_id)?
                    .ok_or_else(|| Error::internal(format!("vehicle {} has no owner", vehicle.id)))?;
                if let Some(phone) = phone {
                    check_owner_phone(&owner.phone, phone.as_str())?;
                }
                if let Some(appointment) = booked_today(tx, plate.as_str(), today)? {
                    return with_appointment(appointment, today);
                }
                let proven = phone.is_some();
                return Ok(Arrival {
                    customer_id: owner.id,
                    vehicle_id: vehicle.id,
                    service_code,
                    appointment: None,
                    proven,
                });
            }
            let phone = phone.as_ref().ok_or_else(|| {
                Error::refused(ErrorReason::PhoneRequired, "this plate is not on file; enter the full phone number")
            })?;
            let name = name.as_ref().map_or("", PersonName::as_str);
            let customer_id = match customers::by_phone(tx, phone.as_str())? {
                Some(existing) => existing.id,
                None => customers::insert(tx, name, phone.as_str(), now)?,
            };
            let vehicle_id = customers::insert_vehicle(tx, plate.as_str(), customer_id, now)?;
            Ok(Arrival { customer_id, vehicle_id, service_code, appointment: None, proven: true })
        }
    }
}

/// A car still in the workshop is not queued for a second reception: the customer is
/// told where the repair stands (when the request proved it is theirs), staff are
/// told which work order holds it.
fn in_the_workshop(visit: &VisitRow, proven: bool) -> Error {
    let error = Error::refused(
        ErrorReason::VisitAlreadyOpen,
        format!("this car is in the workshop on work order {}; ask at the counter", visit.work_order),
    )
    .with("work_order", visit.work_order.clone());
    if !proven {
        return error;
    }
    error
        .with("stage", visit.stage.as_str())
        .with("promised_ready_time", rfc3339(visit.promised_ready_at))
        .with("masked_plate", mask_plate(&visit.plate))
}

/// When and by whom a check-in is made, and the store day it belongs to.
struct Moment {
    now: DateTime<Utc>,
    arrived: DateTime<Utc>,
    today: String,
    actor: String,
}

/// The check-in's write: a replay answers with its ticket, a customer already queued
/// gets theirs back, a car in the workshop is refused, and anybody else takes a new
/// ticket.
fn check_in_tx(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    c: &CheckIn,
    at: &Moment,
    rules: &QueueRules,
    limit: Option<(std::sync::Arc<super::RateLimiter>, i64)>,
) -> Result<(i64, bool)> {
    if let Some(id) = requests::replayed(tx, &c.fingerprint)? {
        if let Some(number) = &c.provisional_number {
            tickets::keep_provisional_number(tx, id, number.as_str())?;
        }
        return Ok((id, false));
    }
    if let Some((limiter, token)) = &limit {
        limiter.check(*token, at.now)?;
    }
    let arrival = resolve(tx, &c.by, &at.today, secs(at.now))?;
    if let Some(open) = tickets::open_for_customer(tx, arrival.customer_id, &at.today)? {
        requests::record(tx, &c.fingerprint, open.id, secs(at.now))?;
        return Ok((open.id, true));
    }
    if let Some(visit) = visits::open_for_vehicle(tx, arrival.vehicle_id)? {
        return Err(in_the_workshop(&visit, arrival.proven));
    }
    let (id, late) = new_ticket(tx, &arrival, c, at, rules)?;
    requests::record(tx, &c.fingerprint, id, secs(at.now))?;
    changes.ticket(tx, EventKind::TicketCreated, id, if late { "late appointment" } else { "" })?;
    Ok((id, false))
}

/// A new ticket for an arrival, and whether it came late for its appointment: the
/// appointment is checked in, the number taken.
fn new_ticket(
    tx: &Transaction<'_>,
    arrival: &Arrival,
    c: &CheckIn,
    at: &Moment,
    rules: &QueueRules,
) -> Result<(i64, bool)> {
    let today = at.today.as_str();
    let service_code = arrival.service_code.clone().ok_or_else(no_appointment)?;
    let late = match &arrival.appointment {
        Some(a) => {
            if let Some(ticket) = tickets::for_appointment(tx, a.id)? {
                return Err(Error::refused(
                    ErrorReason::AppointmentNotActive,
                    format!("this appointment was already checked in as {}", ticket.number),
                ));
            }
            appointments::set_status(tx, a.id, a.status.check_in()?, &at.actor, "", secs(at.now))?;
            rules.checked_in_late(instant(a.slot_start), at.arrived)
        }
        None => false,
    };
    let prefix = service_types::get(tx, &service_code)?
        .map(|s| s.ticket_prefix)
        .ok_or_else(|| Error::internal(format!("service {service_code} vanished")))?;
    let number = ticket_number(&prefix, tickets::next_number(tx, today, &prefix)?);
    let id = tickets::insert(
        tx,
        &tickets::NewTicket {
            local_date: today,
            number: &number,
            service_code: &service_code,
            customer_id: arrival.customer_id,
            vehicle_id: arrival.vehicle_id,
            appointment_id: arrival.appointment.as_ref().map(|a| a.id),
            late_appointment: late,
            own_advisor_id: tickets::last_advisor_of(tx, arrival.customer_id)?,
            arrived_at: secs(at.arrived),
            created_by: &at.actor,
            provisional_number: c.provisional_number.as_ref().map_or("", ProvisionalNumber::as_str),
        },
    )?;
    Ok((id, late))
}

impl App {
    /// Checks a customer in and returns the ticket; a customer already waiting or in
    /// service today gets that ticket back.
    pub async fn check_in(&self, caller: &Caller, c: CheckIn) -> Result<CheckedIn> {
        let (now, schedule) = (self.now(), &self.settings.schedule);
        let day = schedule.local_date(now);
        let at = Moment { now, arrived: c.arrived_at.unwrap_or(now), today: day.to_string(), actor: caller.actor() };
        check_arrival(schedule, at.now, at.arrived)?;
        if schedule.is_closed(day) {
            return Err(Error::refused(ErrorReason::DateClosed, format!("the store is closed on {day}")));
        }
        check_in_window(schedule, &self.settings.queue, at.arrived)?;
        // Every kiosk check-in tells something about a plate (an appointment found, a
        // file on record or not): it counts as a lookup, but a retry (the kiosk's outbox
        // resending what already landed) is free.
        let limit = (caller.role == Role::Kiosk).then(|| (self.limiter.clone(), caller.token_id));
        let rules = self.settings.queue.clone();
        self.write_queue(
            at.actor.clone(),
            move |tx, changes| check_in_tx(tx, changes, &c, &at, &rules, limit),
            |tx, (id, existing), view| Ok(CheckedIn { ticket: ticket_in(tx, view, id)?, existing }),
        )
        .await
    }

    /// A ticket of today by its number, for the kiosk.
    pub async fn ticket_by_number(&self, number: String) -> Result<TicketView> {
        let settings = self.settings.clone();
        let now = self.now();
        self.store
            .read(move |conn| {
                let date = settings.schedule.local_date(now);
                let row = tickets::by_number(conn, &date.to_string(), &number.trim().to_ascii_uppercase())?
                    .ok_or_else(|| Error::refused(ErrorReason::TicketNotFound, "no ticket with this number today"))?;
                ticket_in(conn, &load_state(conn, &settings, date, now)?, row.id)
            })
            .await
    }
}
