//! Check-in at the kiosk: with an appointment (by code, or plate and the phone's last
//! four digits) or as a walk-in, and the ticket it gets.

use chrono::{DateTime, Duration, Utc};
use frontdesk_proto::ErrorReason;
use rusqlite::Transaction;

use super::App;
use super::booking::known_service;
use super::hub::EventKind;
use super::queue::{TicketView, load_state, ticket_in};
use crate::domain::{
    AppointmentStatus, Caller, ConfirmationCode, Error, PersonName, Phone, PhoneLast4, Plate, Result, Role,
    ServiceCode, check_owner_phone, ticket_number,
};
use crate::store::appointments::{self, AppointmentRow};
use crate::store::requests::{self, Fingerprint};
use crate::store::{customers, secs, service_types, tickets};

/// How the customer identifies themselves.
#[derive(Debug, Clone)]
pub enum CheckInBy {
    /// An appointment's confirmation code.
    Code(ConfirmationCode),
    /// The plate's appointment today, proven with the phone's last four digits.
    Plate(Plate, PhoneLast4),
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
    Error::not_found(ErrorReason::AppointmentNotFound, "no appointment matches")
}

/// What a check-in resolves to: customer, vehicle, service and appointment.
struct Arrival {
    customer_id: i64,
    vehicle_id: i64,
    service_code: String,
    appointment: Option<AppointmentRow>,
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

fn with_appointment(appointment: AppointmentRow, today: &str) -> Result<Arrival> {
    if appointment.local_date != today {
        return Err(Error::precondition(
            ErrorReason::AppointmentNotToday,
            format!("this appointment is on {}", appointment.local_date),
        ));
    }
    Ok(Arrival {
        customer_id: appointment.customer_id,
        vehicle_id: appointment.vehicle_id,
        service_code: appointment.service_code.clone(),
        appointment: Some(appointment),
    })
}

fn resolve(tx: &Transaction<'_>, by: &CheckInBy, today: &str, now: i64) -> Result<Arrival> {
    match by {
        CheckInBy::Code(code) => {
            let appointment = appointments::by_code(tx, code.as_str())?.ok_or_else(no_appointment)?;
            with_appointment(appointment, today)
        }
        CheckInBy::Plate(plate, last4) => {
            let vehicle = customers::vehicle_by_plate(tx, plate.as_str())?.ok_or_else(no_appointment)?;
            let owner = customers::get(tx, vehicle.customer_id)?.ok_or_else(no_appointment)?;
            if !last4.matches(&owner.phone) {
                return Err(no_appointment());
            }
            let appointment = booked_today(tx, plate.as_str(), today)?;
            match appointment {
                Some(appointment) => with_appointment(appointment, today),
                None => Err(no_appointment()),
            }
        }
        CheckInBy::WalkIn { plate, service, phone, name } => {
            let service_code = known_service(tx, service, "service_code")?;
            if let Some(vehicle) = customers::vehicle_by_plate(tx, plate.as_str())? {
                let owner = customers::get(tx, vehicle.customer_id)?
                    .ok_or_else(|| Error::Internal(format!("vehicle {} has no owner", vehicle.id)))?;
                if let Some(phone) = phone {
                    check_owner_phone(&owner.phone, phone.as_str())?;
                }
                if let Some(appointment) = booked_today(tx, plate.as_str(), today)? {
                    return with_appointment(appointment, today);
                }
                return Ok(Arrival { customer_id: owner.id, vehicle_id: vehicle.id, service_code, appointment: None });
            }
            let phone = phone.as_ref().ok_or_else(|| {
                Error::precondition(
                    ErrorReason::PhoneRequired,
                    "this plate is not on file; enter the full phone number",
                )
            })?;
            let name = name.as_ref().map_or("", PersonName::as_str);
            let customer_id = match customers::by_phone(tx, phone.as_str())? {
                Some(existing) => existing.id,
                None => customers::insert(tx, name, phone.as_str(), now)?,
            };
            let vehicle_id = customers::insert_vehicle(tx, plate.as_str(), customer_id, now)?;
            Ok(Arrival { customer_id, vehicle_id, service_code, appointment: None })
        }
    }
}

impl App {
    /// Checks a customer in and returns the ticket; a customer already waiting or in
    /// service today gets that ticket back.
    pub async fn check_in(&self, caller: &Caller, c: CheckIn) -> Result<CheckedIn> {
        let settings = self.settings.clone();
        let now = self.now();
        let actor = caller.actor();
        let arrived = c.arrived_at.unwrap_or(now);
        let schedule = &self.settings.schedule;
        let today = schedule.local_date(now);
        if arrived > now + Duration::minutes(1) || schedule.local_date(arrived) != today {
            return Err(Error::precondition(
                ErrorReason::ArrivalTimeInvalid,
                "the arrival time must be earlier today; a check-in kept offline expires at the end of its day",
            ));
        }
        if schedule.is_closed(today) {
            return Err(Error::precondition(ErrorReason::DateClosed, format!("the store is closed on {today}")));
        }
        // Every kiosk check-in tells something about a plate (an appointment found, a
        // file on record or not): it counts as a lookup, but a retry (the kiosk's outbox
        // resending what already landed) is free.
        let limit = (caller.role == Role::Kiosk).then(|| (self.limiter.clone(), caller.token_id));
        let opens_early = arrived + settings.queue.grace_early;
        if !schedule.is_open_at(arrived) && !schedule.is_open_at(opens_early) {
            return Err(Error::precondition(
                ErrorReason::OutsideOpeningHours,
                "check-in opens 30 minutes before the store",
            ));
        }
        self.write_queue(
            actor.clone(),
            move |tx, changes| {
                if let Some(id) = requests::replayed(tx, &c.fingerprint)? {
                    return Ok((id, false));
                }
                if let Some((limiter, token)) = &limit {
                    limiter.check(*token, now)?;
                }
                let today = today.to_string();
                let arrival = resolve(tx, &c.by, &today, secs(now))?;
                if let Some(open) = tickets::open_for_customer(tx, arrival.customer_id, &today)? {
                    requests::record(tx, &c.fingerprint, open.id, secs(now))?;
                    return Ok((open.id, true));
                }
                let late = match &arrival.appointment {
                    Some(a) => {
                        if let Some(ticket) = tickets::for_appointment(tx, a.id)? {
                            return Err(Error::precondition(
                                ErrorReason::AppointmentNotActive,
                                format!("this appointment was already checked in as {}", ticket.number),
                            ));
                        }
                        appointments::set_status(tx, a.id, a.status.check_in()?, &actor, "", secs(now))?;
                        arrived > crate::store::instant(a.slot_start) + settings.queue.grace_late
                    }
                    None => false,
                };
                let prefix = service_types::get(tx, &arrival.service_code)?
                    .map(|s| s.ticket_prefix)
                    .ok_or_else(|| Error::Internal(format!("service {} vanished", arrival.service_code)))?;
                let number = ticket_number(&prefix, tickets::next_number(tx, &today, &prefix)?);
                let id = tickets::insert(
                    tx,
                    &tickets::NewTicket {
                        local_date: &today,
                        number: &number,
                        service_code: &arrival.service_code,
                        customer_id: arrival.customer_id,
                        vehicle_id: arrival.vehicle_id,
                        appointment_id: arrival.appointment.as_ref().map(|a| a.id),
                        late_appointment: late,
                        own_advisor_id: tickets::last_advisor_of(tx, arrival.customer_id)?,
                        arrived_at: secs(arrived),
                        created_by: &actor,
                    },
                )?;
                requests::record(tx, &c.fingerprint, id, secs(now))?;
                changes.ticket(tx, EventKind::TicketCreated, id, if late { "late appointment" } else { "" })?;
                Ok((id, false))
            },
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
                    .ok_or_else(|| Error::not_found(ErrorReason::TicketNotFound, "no ticket with this number today"))?;
                ticket_in(conn, &load_state(conn, &settings, date, now)?, row.id)
            })
            .await
    }
}
