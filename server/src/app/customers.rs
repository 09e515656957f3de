//! Customer files: the kiosk's vehicle lookup and the desk's files.

use crate::domain::ErrorReason;
use rusqlite::Connection;

use super::App;
use crate::domain::{AppointmentStatus, Caller, Error, Page, PersonName, Phone, PhoneLast4, Plate, Result, paging};
use crate::store::appointments::{self, AppointmentRow, Filter};
use crate::store::customers::{self, CustomerRow, VehicleRow};
use crate::store::visits::{self, VisitRow};

/// What the kiosk learns about a vehicle when `phone_last4` matches.
#[derive(Debug, Clone)]
pub struct Identified {
    /// The vehicle.
    pub vehicle: VehicleRow,
    /// Its owner.
    pub customer: CustomerRow,
    /// Its booked appointments from today on.
    pub appointments: Vec<AppointmentRow>,
    /// Its open visit, when the car is in the workshop.
    pub open_visit: Option<VisitRow>,
    /// A free service campaign (an open recall) applies to it.
    pub service_campaign: bool,
}

/// A customer file with vehicles.
#[derive(Debug, Clone)]
pub struct CustomerFile {
    /// The customer.
    pub customer: CustomerRow,
    /// The vehicles.
    pub vehicles: Vec<VehicleRow>,
}

/// How the desk names the customer to look up.
#[derive(Debug, Clone)]
pub enum CustomerKey {
    /// By id.
    Id(i64),
    /// By a plate in the file.
    Plate(Plate),
    /// By phone.
    Phone(Phone),
}

/// A change to a customer file; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct CustomerChange {
    /// New name.
    pub name: Option<PersonName>,
    /// New phone.
    pub phone: Option<Phone>,
    /// New address.
    pub address: Option<String>,
    /// New wishes.
    pub wishes: Option<String>,
    /// Why the customer stopped coming.
    pub lost_reason: Option<String>,
    /// The follow-up agent who looks after the customer (`Some(None)` clears).
    pub followup_agent_id: Option<Option<i64>>,
    /// Vehicles to add or change.
    pub vehicles: Vec<VehicleChange>,
}

/// A change to one vehicle; `None` keeps a field.
#[derive(Debug, Clone)]
pub struct VehicleChange {
    /// The plate (adds the vehicle when new).
    pub plate: Plate,
    /// New model.
    pub model: Option<String>,
    /// New vehicle type.
    pub vehicle_type: Option<String>,
    /// New VIN ("" clears).
    pub vin: Option<String>,
    /// New odometer.
    pub mileage_km: Option<i32>,
    /// New interval in days.
    pub maintenance_interval_days: Option<i32>,
    /// New interval in km.
    pub maintenance_interval_km: Option<i32>,
    /// New due date (`Some(None)` clears).
    pub next_maintenance_due: Option<Option<String>>,
}

fn customer_file(conn: &Connection, customer: CustomerRow) -> Result<CustomerFile> {
    let vehicles = customers::vehicles_of(conn, customer.id)?;
    Ok(CustomerFile { customer, vehicles })
}

fn not_found() -> Error {
    Error::refused(ErrorReason::CustomerNotFound, "no customer file matches")
}

fn apply_vehicle(conn: &Connection, customer_id: i64, change: &VehicleChange, now: i64) -> Result<()> {
    let mut vehicle = match customers::vehicle_by_plate(conn, change.plate.as_str())? {
        Some(v) if v.customer_id != customer_id => {
            return Err(Error::refused(
                ErrorReason::PlateTaken,
                format!("{} is in another customer's file", change.plate),
            ));
        }
        Some(v) => v,
        None => {
            let id = customers::insert_vehicle(conn, change.plate.as_str(), customer_id, now)?;
            VehicleRow { id, plate: change.plate.as_str().to_owned(), customer_id, ..VehicleRow::default() }
        }
    };
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            target.clone_from(v);
        }
    };
    set(&mut vehicle.model, &change.model);
    set(&mut vehicle.vehicle_type, &change.vehicle_type);
    set(&mut vehicle.vin, &change.vin);
    vehicle.mileage_km = change.mileage_km.unwrap_or(vehicle.mileage_km);
    vehicle.maintenance_interval_days = change.maintenance_interval_days.unwrap_or(vehicle.maintenance_interval_days);
    vehicle.maintenance_interval_km = change.maintenance_interval_km.unwrap_or(vehicle.maintenance_interval_km);
    if let Some(due) = &change.next_maintenance_due {
        vehicle.next_maintenance_due.clone_from(due);
    }
    Ok(customers::update_vehicle(conn, &vehicle, now)?)
}

impl App {
    /// The kiosk's lookup: `None` both for an unknown plate and for a wrong
    /// `phone_last4`, so the answer reveals nothing. Rate-limited per kiosk token.
    pub async fn identify_vehicle(
        &self,
        caller: &Caller,
        plate: Plate,
        last4: PhoneLast4,
    ) -> Result<Option<Identified>> {
        let now = self.now();
        self.limiter.check(caller.token_id, now)?;
        let today = self.settings.schedule.local_date(now).to_string();
        self.store
            .read(move |conn| {
                let Some(vehicle) = customers::vehicle_by_plate(conn, plate.as_str())? else { return Ok(None) };
                let Some(customer) = customers::get(conn, vehicle.customer_id)? else { return Ok(None) };
                if !last4.matches(&customer.phone) {
                    return Ok(None);
                }
                let filter = Filter {
                    plate: Some(vehicle.plate.clone()),
                    status: Some(AppointmentStatus::Booked),
                    from_date: Some(today),
                    ..Filter::default()
                };
                let appointments = appointments::list(conn, &filter, false, 0, 10)?;
                let open_visit = visits::open_for_vehicle(conn, vehicle.id)?;
                let service_campaign = crate::store::recalls::has_open(conn, &vehicle.vin)?;
                Ok(Some(Identified { vehicle, customer, appointments, open_visit, service_campaign }))
            })
            .await
    }

    /// One customer file with its latest appointments (at most 20) and visits (at most 50).
    pub async fn customer(&self, key: CustomerKey) -> Result<(CustomerFile, Vec<AppointmentRow>, Vec<VisitRow>)> {
        self.store
            .read(move |conn| {
                let customer = match key {
                    CustomerKey::Id(id) => customers::get(conn, id)?,
                    CustomerKey::Phone(phone) => customers::by_phone(conn, phone.as_str())?,
                    CustomerKey::Plate(plate) => match customers::vehicle_by_plate(conn, plate.as_str())? {
                        Some(v) => customers::get(conn, v.customer_id)?,
                        None => None,
                    },
                }
                .ok_or_else(not_found)?;
                let filter = Filter { customer_id: Some(customer.id), ..Filter::default() };
                let appointments = appointments::list(conn, &filter, true, 0, 20)?;
                let history = visits::Filter { customer_id: Some(customer.id), ..visits::Filter::default() };
                let visits = visits::list(conn, &history, 0, 50)?;
                Ok((customer_file(conn, customer)?, appointments, visits))
            })
            .await
    }

    /// Customer files whose plate, phone or name contains `query`.
    pub async fn search_customers(&self, query: String, page: Page) -> Result<(Vec<CustomerFile>, String)> {
        self.store
            .read(move |conn| {
                let rows = customers::search(conn, &query, page.offset, page.probe())?;
                let (rows, next) = paging::cut(page, rows);
                let files = rows.into_iter().map(|c| customer_file(conn, c)).collect::<Result<_>>()?;
                Ok((files, next))
            })
            .await
    }

    /// Changes a customer file; all or nothing.
    pub async fn update_customer(&self, id: i64, change: CustomerChange) -> Result<CustomerFile> {
        let now = crate::store::secs(self.now());
        self.store
            .write(move |tx| {
                let mut customer = customers::get(tx, id)?.ok_or_else(not_found)?;
                if let Some(phone) = &change.phone {
                    if customers::by_phone(tx, phone.as_str())?.is_some_and(|other| other.id != id) {
                        return Err(Error::refused(
                            ErrorReason::PhoneTaken,
                            "this phone is in another customer's file",
                        ));
                    }
                    customer.phone = phone.as_str().to_owned();
                }
                if let Some(name) = &change.name {
                    customer.name = name.as_str().to_owned();
                }
                if let Some(address) = &change.address {
                    customer.address.clone_from(address);
                }
                if let Some(wishes) = &change.wishes {
                    customer.wishes.clone_from(wishes);
                }
                if let Some(reason) = &change.lost_reason {
                    customer.lost_reason.clone_from(reason);
                }
                if let Some(agent) = change.followup_agent_id {
                    if let Some(id) = agent {
                        let row = crate::store::advisors::get(tx, id)?;
                        if !row.is_some_and(|a| a.active && a.kind == crate::domain::StaffKind::FollowupAgent) {
                            return Err(Error::refused(
                                ErrorReason::AdvisorNotFound,
                                format!("followup_agent_id: no active follow-up agent {id}"),
                            ));
                        }
                    }
                    customer.followup_agent_id = agent;
                }
                customers::update(tx, &customer, now)?;
                for vehicle in &change.vehicles {
                    apply_vehicle(tx, id, vehicle, now)?;
                }
                let customer = customers::get(tx, id)?.ok_or_else(not_found)?;
                customer_file(tx, customer)
            })
            .await
    }
}
