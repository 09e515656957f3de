//! `customer` and `search`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::{Value, json};

use crate::output::{self, APPOINTMENT_HEADER, appointment_json, appointment_row};
use crate::{Ctx, Failure};

fn vehicle_json(v: &pb::Vehicle) -> Value {
    json!({
        "plate": v.plate,
        "model": v.model,
        "vehicle_type": v.vehicle_type,
        "vin": v.vin,
        "mileage_km": v.mileage_km,
        "maintenance_interval_days": v.maintenance_interval_days,
        "maintenance_interval_km": v.maintenance_interval_km,
        "next_maintenance_due": v.next_maintenance_due,
    })
}

fn customer_json(c: &pb::Customer) -> Value {
    json!({
        "customer_id": c.customer_id,
        "customer_name": c.customer_name,
        "phone": c.phone,
        "address": c.address,
        "wishes": c.wishes,
        "vehicles": c.vehicles.iter().map(vehicle_json).collect::<Vec<_>>(),
    })
}

/// `advisor customer PLATE|PHONE`: a plate by the domain's own rule, anything else
/// is looked up as a phone (and the server says so when it is neither).
pub async fn show(ctx: &Ctx, conn: &Connection, key: String) -> Result<(), Failure> {
    let request = if frontdesk_domain::Plate::parse(&key).is_ok() {
        pb::GetCustomerRequest { plate: key, ..Default::default() }
    } else {
        pb::GetCustomerRequest { phone: key, ..Default::default() }
    };
    let file = conn.customers().get_customer(request).await?.into_inner();
    let c = file.customer.ok_or_else(|| Failure::Setup("the server sent no customer".into()))?;
    if ctx.json {
        let mut value = customer_json(&c);
        value["appointments"] =
            json!(file.appointments.iter().map(|a| appointment_json(ctx.zone, a)).collect::<Vec<_>>());
        output::print_fields(true, value, &[]);
        return Ok(());
    }
    output::print_fields(
        false,
        Value::Null,
        &[
            ("客户 customer", format!("{} (#{})", c.customer_name, c.customer_id)),
            ("电话 phone", c.phone.clone()),
            ("地址 address", c.address.clone()),
            ("需求 wishes", c.wishes.clone()),
        ],
    );
    let rows = c
        .vehicles
        .iter()
        .map(|v| {
            vec![
                v.plate.clone(),
                v.model.clone(),
                v.vehicle_type.clone(),
                v.mileage_km.to_string(),
                v.next_maintenance_due.clone(),
            ]
        })
        .collect();
    output::print(false, Value::Null, &["plate", "model", "type", "km", "next maintenance"], rows);
    let rows = file.appointments.iter().map(|a| appointment_row(ctx.zone, a)).collect();
    output::print(false, Value::Null, APPOINTMENT_HEADER, rows);
    Ok(())
}

/// `advisor search QUERY`.
pub async fn search(ctx: &Ctx, conn: &Connection, query: String) -> Result<(), Failure> {
    let found = conn
        .customers()
        .search_customers(pb::SearchCustomersRequest { query, page_size: 200, ..Default::default() })
        .await?
        .into_inner();
    let value = json!(found.customers.iter().map(customer_json).collect::<Vec<_>>());
    let rows = found
        .customers
        .iter()
        .map(|c| {
            let plates: Vec<&str> = c.vehicles.iter().map(|v| v.plate.as_str()).collect();
            vec![c.customer_id.to_string(), c.customer_name.clone(), c.phone.clone(), plates.join(" ")]
        })
        .collect();
    output::print(ctx.json, value, &["id", "customer", "phone", "plates"], rows);
    Ok(())
}
