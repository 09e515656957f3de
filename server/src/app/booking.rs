//! Booking, rescheduling, cancelling and no-shows (the slot grid is in `slots.rs`).

use crate::domain::ErrorReason;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::App;
use crate::domain::{
    Caller, ConfirmationCode, Error, Page, PersonName, Phone, PhoneLast4, Plate, ProvisionalNumber, Result,
    ServiceCode, StaffKind, check_owner_phone, paging,
};
use crate::store::appointments::{self, AppointmentRow, Filter, NewAppointment};
use crate::store::requests::{self, Fingerprint};
use crate::store::slots::{self, Seat};
use crate::store::{advisors, customers, secs, service_types};

/// A booking as the kiosk or the desk asks for it.
#[derive(Debug, Clone)]
pub struct Booking {
    /// The idempotency key and request fingerprint.
    pub fingerprint: Fingerprint,
    /// The vehicle.
    pub plate: Plate,
    /// The customer's phone.
    pub phone: Phone,
    /// The customer's name, when given.
    pub customer_name: Option<PersonName>,
    /// The service type.
    pub service: ServiceCode,
    /// The slot.
    pub slot_start: DateTime<Utc>,
    /// The advisor asked for.
    pub preferred_advisor_id: Option<i64>,
    /// Notes for the advisor.
    pub notes: String,
    /// Set when staff overbook on purpose, with why.
    pub overbook_reason: Option<String>,
    /// The number a kiosk showed for a booking it kept offline.
    pub provisional_number: Option<ProvisionalNumber>,
}

/// A cancellation: by staff, or at the kiosk with the phone's last four digits.
struct Cancel {
    last4: Option<PhoneLast4>,
    reason: String,
    validate_only: bool,
}

pub(crate) fn known_service(conn: &Connection, service: &ServiceCode, field: &str) -> Result<String> {
    match service_types::get(conn, service.as_str())? {
        Some(row) => Ok(row.code),
        None => Err(Error::invalid(
            field,
            crate::domain::Invalid::new(
                ErrorReason::ServiceCodeUnknown,
                format!("no service type `{}`", service.as_str()),
            ),
        )),
    }
}

fn appointment(conn: &Connection, id: i64) -> Result<AppointmentRow> {
    appointments::get(conn, id)?.ok_or_else(|| Error::internal(format!("appointment {id} vanished")))
}

fn by_code(conn: &Connection, code: &ConfirmationCode) -> Result<AppointmentRow> {
    appointments::by_code(conn, code.as_str())?
        .ok_or_else(|| Error::refused(ErrorReason::AppointmentNotFound, "no appointment with this code"))
}

fn seat_of(row: &AppointmentRow) -> Seat {
    if row.overbooked { Seat::Overbooked } else { Seat::Regular }
}

/// Finds or creates the customer file and vehicle a booking is for. A known plate
/// must come with its owner's phone; a new plate joins the file of the phone, or a
/// new file.
fn file_for_booking(conn: &Connection, b: &Booking, now: i64) -> Result<(i64, i64)> {
    let name = b.customer_name.as_ref().map_or("", PersonName::as_str);
    if let Some(vehicle) = customers::vehicle_by_plate(conn, b.plate.as_str())? {
        let mut owner = customers::get(conn, vehicle.customer_id)?
            .ok_or_else(|| Error::internal(format!("vehicle {} has no owner", vehicle.id)))?;
        check_owner_phone(&owner.phone, b.phone.as_str())?;
        if owner.name.is_empty() && !name.is_empty() {
            owner.name = name.to_owned();
            customers::update(conn, &owner, now)?;
        }
        return Ok((owner.id, vehicle.id));
    }
    let customer_id = match customers::by_phone(conn, b.phone.as_str())? {
        Some(mut existing) => {
            if existing.name.is_empty() && !name.is_empty() {
                existing.name = name.to_owned();
                customers::update(conn, &existing, now)?;
            }
            existing.id
        }
        None => customers::insert(conn, name, b.phone.as_str(), now)?,
    };
    Ok((customer_id, customers::insert_vehicle(conn, b.plate.as_str(), customer_id, now)?))
}

/// The request field that names the advisor a customer asks for.
const PREFERRED_ADVISOR: &str = "preferred_advisor_id";

/// The advisor a customer asks for must be one who can receive them: an active
/// service advisor skilled for the service. The same rule holds the ticket for them
/// in the queue ([`crate::domain::queue`]), so a customer never waits for an advisor
/// who could not take them.
fn require_skilled_advisor(conn: &Connection, id: i64, service: &str) -> Result<()> {
    let refused = match advisors::get(conn, id)? {
        Some(a) if a.kind != StaffKind::ServiceAdvisor => {
            Error::refused(ErrorReason::AdvisorNotFound, format!("{} is not a service advisor", a.name))
        }
        None => Error::refused(ErrorReason::AdvisorNotFound, format!("no service advisor {id}")),
        Some(a) if !a.active => Error::refused(ErrorReason::AdvisorInactive, format!("advisor {id} is deactivated")),
        Some(a) if !a.service_codes.iter().any(|s| s == service) => {
            Error::refused(ErrorReason::AdvisorNotSkilled, format!("{} does not handle {service}", a.name))
        }
        Some(_) => return Ok(()),
    };
    Err(refused.with("field", PREFERRED_ADVISOR))
}

fn new_code(conn: &Connection) -> Result<String> {
    for _ in 0..16 {
        let mut bytes = [0u8; 6];
        getrandom::fill(&mut bytes).map_err(|e| Error::internal_from("no randomness", e))?;
        let code = ConfirmationCode::from_random(bytes);
        if !appointments::code_exists(conn, code.as_str())? {
            return Ok(code.as_str().to_owned());
        }
    }
    Err(Error::internal("could not find a free confirmation code"))
}

fn check_daily_cap(conn: &Connection, app_cap: u32, date: &str) -> Result<()> {
    if appointments::count_on(conn, date)? >= app_cap {
        return Err(Error::refused(
            ErrorReason::DailyCapacityReached,
            format!("{date} is fully booked ({app_cap} cars a day)"),
        ));
    }
    Ok(())
}

impl App {
    /// Adds to the outcome of parsing a request what the store's set-up says of its
    /// service type and slot start (an unknown service, a start off the slot grid), so
    /// a caller hears of every bad field at once. `service` and `slot_start` are the
    /// fields that parsed.
    pub async fn check_service_and_slot<T>(
        &self,
        parsed: Result<T>,
        service: Option<ServiceCode>,
        slot_start: Option<DateTime<Utc>>,
    ) -> Result<T> {
        let mut found = Vec::new();
        if let Some(invalid) = slot_start.and_then(|start| self.settings.schedule.off_grid(start)) {
            found.push(invalid.at("slot_start"));
        }
        // The service type is looked up here only when something else is wrong already:
        // alone, an unknown one is reported by the write, and a good request costs no read.
        if let Some(service) = service.filter(|_| parsed.is_err() || !found.is_empty()) {
            let known = self.store.read(move |conn| Ok(service_types::get(conn, service.as_str())?.is_some())).await?;
            if !known {
                let unknown = crate::domain::Invalid::new(ErrorReason::ServiceCodeUnknown, "no such service type");
                found.insert(0, unknown.at("service_code"));
            }
        }
        match parsed {
            Ok(value) if found.is_empty() => Ok(value),
            Ok(_) => Err(Error::Invalid(found)),
            Err(Error::Invalid(mut violations)) => {
                violations.extend(found);
                Err(Error::Invalid(violations))
            }
            Err(other) => Err(other),
        }
    }

    /// The kiosk's booking: a lookup like any other (a known plate with a wrong phone
    /// is refused), so it counts against the kiosk's limit.
    pub async fn kiosk_book(&self, caller: &Caller, b: Booking) -> Result<AppointmentRow> {
        self.book_limited(caller, b, Some((self.limiter.clone(), caller.token_id))).await
    }

    /// Books a slot. A retry with the same `request_id` and body returns the original appointment.
    pub async fn book(&self, caller: &Caller, b: Booking) -> Result<AppointmentRow> {
        self.book_limited(caller, b, None).await
    }

    /// Books, counting a new request (not a retry) against a lookup limit when given.
    async fn book_limited(
        &self,
        caller: &Caller,
        b: Booking,
        limit: Option<(std::sync::Arc<super::RateLimiter>, i64)>,
    ) -> Result<AppointmentRow> {
        let settings = self.settings.clone();
        let now = self.now();
        let actor = caller.actor();
        self.store
            .write(move |tx| {
                if let Some(id) = requests::replayed(tx, &b.fingerprint)? {
                    if let Some(number) = &b.provisional_number {
                        appointments::keep_provisional_number(tx, id, number.as_str())?;
                    }
                    return appointment(tx, id);
                }
                if let Some((limiter, token)) = &limit {
                    limiter.check(*token, now)?;
                }
                let service = known_service(tx, &b.service, "service_code")?;
                let slot = settings.schedule.slot_at(b.slot_start)?;
                settings.policy.check_window(&settings.schedule, &slot, now)?;
                if let Some(id) = b.preferred_advisor_id {
                    require_skilled_advisor(tx, id, &service)?;
                }
                let (customer_id, vehicle_id) = file_for_booking(tx, &b, secs(now))?;
                let date = slot.date.to_string();
                if let Some(code) = appointments::booked_for_vehicle_on(tx, vehicle_id, &date, None)? {
                    return Err(Error::refused(
                        ErrorReason::AppointmentExists,
                        format!("this vehicle already has appointment {code} on {date}"),
                    )
                    .with("confirmation_code", code));
                }
                check_daily_cap(tx, settings.policy.daily_cap, &date)?;
                let capacity = settings.policy.capacity.for_service(&service);
                let seat = slots::take(tx, &service, secs(slot.start), capacity, b.overbook_reason.is_some())?;
                let code = new_code(tx)?;
                let new = NewAppointment {
                    code: &code,
                    customer_id,
                    vehicle_id,
                    service_code: &service,
                    slot_start: secs(slot.start),
                    slot_end: secs(slot.end),
                    local_date: &date,
                    preferred_advisor_id: b.preferred_advisor_id,
                    notes: &b.notes,
                    overbook_reason: b.overbook_reason.as_deref().filter(|_| seat == Seat::Overbooked),
                    created_by: &actor,
                    provisional_number: b.provisional_number.as_ref().map_or("", ProvisionalNumber::as_str),
                };
                let id = appointments::insert(tx, &new, secs(now))?;
                requests::record(tx, &b.fingerprint, id, secs(now))?;
                appointment(tx, id)
            })
            .await
    }

    /// Moves a booked appointment to another slot, keeping its code; all or nothing.
    /// `preferred` replaces the advisor asked for (`Some(None)`: anyone); the advisor
    /// the appointment ends with must still be able to receive it.
    pub async fn reschedule(
        &self,
        caller: &Caller,
        code: ConfirmationCode,
        slot_start: DateTime<Utc>,
        overbook_reason: Option<String>,
        preferred: Option<Option<i64>>,
    ) -> Result<AppointmentRow> {
        let settings = self.settings.clone();
        let now = self.now();
        let actor = caller.actor();
        self.store
            .write(move |tx| {
                let current = by_code(tx, &code)?;
                current.status.reschedule()?;
                let slot = settings.schedule.slot_at(slot_start)?;
                settings.policy.check_window(&settings.schedule, &slot, now)?;
                let advisor = preferred.unwrap_or(current.preferred_advisor_id);
                if let Some(id) = advisor {
                    require_skilled_advisor(tx, id, &current.service_code)?;
                }
                if advisor != current.preferred_advisor_id {
                    appointments::set_preferred_advisor(tx, current.id, advisor, &actor, secs(now))?;
                }
                if secs(slot.start) == current.slot_start {
                    return appointment(tx, current.id);
                }
                let date = slot.date.to_string();
                if let Some(other) =
                    appointments::booked_for_vehicle_on(tx, current.vehicle_id, &date, Some(current.id))?
                {
                    return Err(Error::refused(
                        ErrorReason::AppointmentExists,
                        format!("this vehicle already has appointment {other} on {date}"),
                    )
                    .with("confirmation_code", other));
                }
                if date != current.local_date {
                    check_daily_cap(tx, settings.policy.daily_cap, &date)?;
                }
                slots::release(tx, &current.service_code, current.slot_start, seat_of(&current))?;
                let capacity = settings.policy.capacity.for_service(&current.service_code);
                let seat =
                    slots::take(tx, &current.service_code, secs(slot.start), capacity, overbook_reason.is_some())?;
                let reason = overbook_reason.as_deref().filter(|_| seat == Seat::Overbooked);
                appointments::move_to(
                    tx,
                    current.id,
                    (secs(slot.start), secs(slot.end), &date),
                    reason,
                    &actor,
                    secs(now),
                )?;
                appointment(tx, current.id)
            })
            .await
    }

    /// Cancels a booked appointment and gives its seat back; cancelling again changes nothing.
    pub async fn cancel(&self, caller: &Caller, code: ConfirmationCode, reason: String) -> Result<AppointmentRow> {
        self.cancel_where(caller, code, Cancel { last4: None, reason, validate_only: false }).await
    }

    /// The kiosk's cancel: the code and the phone's last four digits. A wrong code and
    /// a wrong `phone_last4` get the same NOT_FOUND. With `validate_only` the
    /// appointment that would be cancelled is returned and nothing changes, so the
    /// customer can see what they are about to cancel.
    pub async fn kiosk_cancel(
        &self,
        caller: &Caller,
        code: ConfirmationCode,
        last4: PhoneLast4,
        validate_only: bool,
    ) -> Result<AppointmentRow> {
        self.limiter.check(caller.token_id, self.now())?;
        let cancel = Cancel { last4: Some(last4), reason: "cancelled at the kiosk".into(), validate_only };
        self.cancel_where(caller, code, cancel).await
    }

    async fn cancel_where(&self, caller: &Caller, code: ConfirmationCode, c: Cancel) -> Result<AppointmentRow> {
        let Cancel { last4, reason, validate_only } = c;
        let now = secs(self.now());
        let actor = caller.actor();
        self.store
            .write(move |tx| {
                let current = by_code(tx, &code)?;
                if last4.as_ref().is_some_and(|l4| !l4.matches(&current.phone)) {
                    return Err(Error::refused(ErrorReason::AppointmentNotFound, "no appointment with this code"));
                }
                let next = current.status.cancel()?;
                if next == current.status || validate_only {
                    return Ok(current);
                }
                slots::release(tx, &current.service_code, current.slot_start, seat_of(&current))?;
                appointments::set_status(tx, current.id, next, &actor, &reason, now)?;
                appointment(tx, current.id)
            })
            .await
    }

    /// Marks a booked appointment whose slot has started as a no-show.
    pub async fn mark_no_show(&self, caller: &Caller, code: ConfirmationCode) -> Result<AppointmentRow> {
        let now = self.now();
        let actor = caller.actor();
        self.store
            .write(move |tx| {
                let current = by_code(tx, &code)?;
                let next = current.status.mark_no_show(crate::store::instant(current.slot_start), now)?;
                if next != current.status {
                    appointments::set_status(tx, current.id, next, &actor, "", secs(now))?;
                }
                appointment(tx, current.id)
            })
            .await
    }

    /// One appointment by code.
    pub async fn appointment(&self, code: ConfirmationCode) -> Result<AppointmentRow> {
        self.store.read(move |conn| by_code(conn, &code)).await
    }

    /// Appointments matching a filter, one page.
    pub async fn appointments(&self, filter: Filter, page: Page) -> Result<(Vec<AppointmentRow>, String)> {
        self.store
            .read(move |conn| {
                if let Some(code) = &filter.service_code {
                    known_service(
                        conn,
                        &ServiceCode::parse(code).map_err(|e| Error::invalid("service_code", e))?,
                        "service_code",
                    )?;
                }
                let rows = appointments::list(conn, &filter, false, page.offset, page.probe())?;
                Ok(paging::cut(page, rows))
            })
            .await
    }
}
