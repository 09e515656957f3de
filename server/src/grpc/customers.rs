//! `frontdesk.v1.CustomerService`: the customer files.

use crate::domain::ErrorReason;
use crate::grpc::status::Wire;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::customer_service_server::CustomerService;
use tonic::{Request, Response, Status};

use super::convert::{appointment, customer};
use crate::app::App;
use crate::app::customers::{CustomerChange, CustomerKey, VehicleChange};
use crate::domain::limits::{
    LONG_TEXT_CHARS, MODEL_CHARS, SEARCH_QUERY_CHARS, SHORT_TEXT_CHARS, VEHICLE_TYPE_CHARS, VEHICLES_PER_UPDATE,
};
use crate::domain::{
    Error, Invalid, Page, PersonName, Phone, Plate, Violation, all_valid, free_text, parse_date, parse_vin,
};

/// The customer service.
#[derive(Debug, Clone)]
pub struct CustomerApi {
    app: App,
}

impl CustomerApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

fn key(r: &pb::GetCustomerRequest) -> Result<CustomerKey, Error> {
    let set = [r.customer_id != 0, !r.plate.is_empty(), !r.phone.is_empty()].iter().filter(|s| **s).count();
    if set != 1 {
        let reason = if set == 0 { ErrorReason::FieldRequired } else { ErrorReason::FieldInvalid };
        return Err(Error::invalid(
            "customer_id",
            Invalid::new(reason, "set exactly one of customer_id, plate and phone"),
        ));
    }
    if r.customer_id != 0 {
        return Ok(CustomerKey::Id(r.customer_id));
    }
    if !r.plate.is_empty() {
        return Ok(CustomerKey::Plate(Plate::parse(&r.plate).map_err(|e| Error::invalid("plate", e))?));
    }
    Ok(CustomerKey::Phone(Phone::parse(&r.phone).map_err(|e| Error::invalid("phone", e))?))
}

fn non_negative(field: String, value: Option<i32>) -> Result<Option<i32>, Violation> {
    at_most(field, value, i32::MAX)
}

/// A count between 0 and `max`.
fn at_most(field: String, value: Option<i32>, max: i32) -> Result<Option<i32>, Violation> {
    match value {
        Some(v) if v < 0 => Err(Invalid::new(ErrorReason::FieldInvalid, "cannot be negative").at(field)),
        Some(v) if v > max => Err(Invalid::new(ErrorReason::FieldInvalid, format!("at most {max}")).at(field)),
        other => Ok(other),
    }
}

fn text(field: String, value: Option<&String>, max: usize) -> Result<Option<String>, Violation> {
    value.map(|v| free_text(v, max).map_err(|e| e.at(field))).transpose()
}

fn vehicle_change(i: usize, v: &pb::VehicleUpdate) -> Result<VehicleChange, Error> {
    let f = |name: &str| format!("vehicles[{i}].{name}");
    let due = v.next_maintenance_due.as_ref().map(|d| {
        if d.trim().is_empty() {
            Ok(None)
        } else {
            parse_date(d).map(|d| Some(d.to_string())).map_err(|e| e.at(f("next_maintenance_due")))
        }
    });
    let (plate, model, vehicle_type, vin, mileage_km, days, km, next_due) = all_valid((
        Plate::parse(&v.plate).map_err(|e| e.at(f("plate"))),
        text(f("model"), v.model.as_ref(), MODEL_CHARS),
        text(f("vehicle_type"), v.vehicle_type.as_ref(), VEHICLE_TYPE_CHARS),
        v.vin.as_ref().map(|vin| parse_vin(vin).map_err(|e| e.at(f("vin")))).transpose(),
        non_negative(f("mileage_km"), v.mileage_km),
        at_most(f("maintenance_interval_days"), v.maintenance_interval_days, 3650),
        at_most(f("maintenance_interval_km"), v.maintenance_interval_km, 1_000_000),
        due.transpose(),
    ))?;
    Ok(VehicleChange {
        plate,
        model,
        vehicle_type,
        vin,
        mileage_km,
        maintenance_interval_days: days,
        maintenance_interval_km: km,
        next_maintenance_due: next_due,
    })
}

fn change(r: &pb::UpdateCustomerRequest) -> Result<CustomerChange, Error> {
    let mut violations = Vec::new();
    let fields = all_valid((
        (r.customer_id > 0)
            .then_some(())
            .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "set the customer's id").at("customer_id")),
        r.customer_name.as_ref().map(|n| PersonName::parse(n).map_err(|e| e.at("customer_name"))).transpose(),
        r.phone.as_ref().map(|p| Phone::parse(p).map_err(|e| e.at("phone"))).transpose(),
        text("address".into(), r.address.as_ref(), SHORT_TEXT_CHARS),
        text("wishes".into(), r.wishes.as_ref(), LONG_TEXT_CHARS),
        text("lost_reason".into(), r.lost_reason.as_ref(), SHORT_TEXT_CHARS),
        r.followup_agent_id
            .map(|id| {
                (id >= 0).then_some((id > 0).then_some(id)).ok_or_else(|| {
                    Invalid::new(ErrorReason::FieldInvalid, "an agent id, or 0 to clear").at("followup_agent_id")
                })
            })
            .transpose(),
    ));
    if r.vehicles.len() > VEHICLES_PER_UPDATE {
        let why = format!("change at most {VEHICLES_PER_UPDATE} vehicles at a time");
        violations.push(Invalid::new(ErrorReason::FieldInvalid, why).at("vehicles"));
    }
    let mut vehicles = Vec::new();
    for (i, v) in r.vehicles.iter().enumerate().take(VEHICLES_PER_UPDATE) {
        match vehicle_change(i, v) {
            Ok(change) => vehicles.push(change),
            Err(Error::Invalid(v)) => violations.extend(v),
            Err(other) => return Err(other),
        }
    }
    match fields {
        Ok(((), name, phone, address, wishes, lost_reason, followup_agent_id)) if violations.is_empty() => {
            Ok(CustomerChange { name, phone, address, wishes, lost_reason, followup_agent_id, vehicles })
        }
        Ok(_) => Err(Error::Invalid(violations)),
        Err(Error::Invalid(mut first)) => {
            first.extend(violations);
            Err(Error::Invalid(first))
        }
        Err(other) => Err(other),
    }
}

#[tonic::async_trait]
impl CustomerService for CustomerApi {
    async fn get_customer(
        &self,
        request: Request<pb::GetCustomerRequest>,
    ) -> Result<Response<pb::GetCustomerResponse>, Status> {
        let key = key(request.get_ref()).wire()?;
        let (file, appointments, visits) = self.app.customer(key).await.wire()?;
        Ok(Response::new(pb::GetCustomerResponse {
            customer: Some(customer(&file)),
            appointments: appointments.iter().map(appointment).collect(),
            visits: visits.iter().map(super::convert::visit).collect(),
        }))
    }

    async fn search_customers(
        &self,
        request: Request<pb::SearchCustomersRequest>,
    ) -> Result<Response<pb::SearchCustomersResponse>, Status> {
        let r = request.into_inner();
        let query = r.query.trim().replace(['·', ' '], "");
        let chars = query.chars().count();
        let (query, page) = all_valid((
            match chars {
                0 => Err(Invalid::required("search with two or more characters").at("query")),
                1 => Err(Invalid::new(ErrorReason::FieldInvalid, "search with two or more characters").at("query")),
                n if n > SEARCH_QUERY_CHARS => Err(Invalid::new(
                    ErrorReason::FieldInvalid,
                    format!("search with at most {SEARCH_QUERY_CHARS} characters"),
                )
                .at("query")),
                _ => Ok(query),
            },
            Page::parse(r.page_size, &r.page_token, 20, 200).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let (files, next_page_token) = self.app.search_customers(query, page).await.wire()?;
        Ok(Response::new(pb::SearchCustomersResponse {
            customers: files.iter().map(customer).collect(),
            next_page_token,
        }))
    }

    async fn update_customer(
        &self,
        request: Request<pb::UpdateCustomerRequest>,
    ) -> Result<Response<pb::UpdateCustomerResponse>, Status> {
        let r = request.get_ref();
        let change = change(r).wire()?;
        let file = self.app.update_customer(r.customer_id, change).await.wire()?;
        Ok(Response::new(pb::UpdateCustomerResponse { customer: Some(customer(&file)) }))
    }
}
