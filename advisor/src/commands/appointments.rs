//! `appointments`, `slots`, `book`, `reschedule`, `cancel`, `no-show`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::cli::{AppointmentsArgs, BookArgs};
use crate::output::{self, APPOINTMENT_HEADER, appointment_json, appointment_row, local};
use crate::{Ctx, Failure};

fn show(ctx: &Ctx, title: &str, a: &pb::Appointment) {
    if !ctx.json {
        crate::say!("{title}");
    }
    output::print(ctx.json, appointment_json(ctx.zone, a), APPOINTMENT_HEADER, vec![appointment_row(ctx.zone, a)]);
}

/// `advisor appointments`.
pub async fn list(ctx: &Ctx, conn: &Connection, args: AppointmentsArgs) -> Result<(), Failure> {
    let date = match args.date.as_deref() {
        Some("all") => String::new(),
        Some(d) => d.to_owned(),
        None => output::today(ctx.zone),
    };
    let status = args.status.as_deref().map(output::parse_status).transpose()?.map_or(0, |s| s as i32);
    let mut client = conn.appointments();
    let (mut all, mut token) = (Vec::new(), String::new());
    loop {
        let page = client
            .list_appointments(pb::ListAppointmentsRequest {
                date: date.clone(),
                service_code: args.service.clone().unwrap_or_default(),
                status,
                plate: args.plate.clone().unwrap_or_default(),
                page_size: 500,
                page_token: token,
            })
            .await?
            .into_inner();
        all.extend(page.appointments);
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let value = json!(all.iter().map(|a| appointment_json(ctx.zone, a)).collect::<Vec<_>>());
    let rows = all.iter().map(|a| appointment_row(ctx.zone, a)).collect();
    output::print(ctx.json, value, APPOINTMENT_HEADER, rows);
    Ok(())
}

/// `advisor slots`.
pub async fn slots(ctx: &Ctx, conn: &Connection, service: String, date: Option<String>) -> Result<(), Failure> {
    let date = date.unwrap_or_else(|| output::today(ctx.zone));
    let day = conn
        .kiosk()
        .list_available_slots(pb::ListAvailableSlotsRequest {
            service_code: service,
            date: date.clone(),
            page_size: 500,
            ..Default::default()
        })
        .await?
        .into_inner();
    if day.closed && !ctx.json {
        crate::say!("{date}: closed");
        return Ok(());
    }
    let reason = |s: &pb::Slot| {
        frontdesk_proto::ErrorReason::try_from(s.unavailable_reason).map(|r| r.code().to_owned()).unwrap_or_default()
    };
    let value = json!({
        "date": date,
        "closed": day.closed,
        "slots": day.slots.iter().map(|s| json!({
            "slot_start": local(ctx.zone, s.slot_start.as_ref()),
            "capacity": s.capacity,
            "remaining": s.remaining,
            "bookable": s.bookable,
            "unavailable_reason": if s.bookable { String::new() } else { reason(s) },
        })).collect::<Vec<_>>(),
    });
    let rows = day
        .slots
        .iter()
        .map(|s| {
            let state = if s.bookable { "open".to_owned() } else { reason(s) };
            vec![local(ctx.zone, s.slot_start.as_ref()), format!("{}/{}", s.remaining, s.capacity), state]
        })
        .collect();
    output::print(ctx.json, value, &["slot", "free", "state"], rows);
    Ok(())
}

/// `advisor book`.
pub async fn book(ctx: &Ctx, conn: &Connection, args: BookArgs) -> Result<(), Failure> {
    let slot_start = output::parse_local(ctx.zone, &args.slot)?;
    let request_id = args.request_id.unwrap_or_else(crate::fresh_request_id);
    let request = pb::CreateAppointmentRequest {
        request_id,
        plate: args.plate,
        phone: args.phone,
        customer_name: args.name,
        service_code: args.service,
        slot_start: Some(slot_start),
        preferred_advisor_id: args.advisor.unwrap_or(0),
        notes: args.notes,
        overbook: args.overbook.is_some(),
        overbook_reason: args.overbook.unwrap_or_default(),
    };
    let booked = conn.appointments().create_appointment(request).await?.into_inner();
    let a = booked.appointment.ok_or_else(|| Failure::Setup("the server sent no appointment".into()))?;
    show(ctx, &format!("booked: confirmation code {}", a.confirmation_code), &a);
    Ok(())
}

/// `advisor reschedule`.
pub async fn reschedule(
    ctx: &Ctx,
    conn: &Connection,
    code: String,
    slot: String,
    overbook: Option<String>,
    advisor: Option<i64>,
) -> Result<(), Failure> {
    let request = pb::RescheduleAppointmentRequest {
        confirmation_code: code,
        slot_start: Some(output::parse_local(ctx.zone, &slot)?),
        overbook: overbook.is_some(),
        overbook_reason: overbook.unwrap_or_default(),
        preferred_advisor_id: advisor,
    };
    let moved = conn.appointments().reschedule_appointment(request).await?.into_inner();
    let a = moved.appointment.ok_or_else(|| Failure::Setup("the server sent no appointment".into()))?;
    show(ctx, "rescheduled:", &a);
    Ok(())
}

/// `advisor cancel`.
pub async fn cancel(ctx: &Ctx, conn: &Connection, code: String, reason: String) -> Result<(), Failure> {
    let done = conn
        .appointments()
        .cancel_appointment(pb::CancelAppointmentRequest { confirmation_code: code, reason })
        .await?;
    let a = done.into_inner().appointment.ok_or_else(|| Failure::Setup("the server sent no appointment".into()))?;
    show(ctx, "cancelled:", &a);
    Ok(())
}

/// `advisor no-show`.
pub async fn no_show(ctx: &Ctx, conn: &Connection, code: String) -> Result<(), Failure> {
    let done = conn.appointments().mark_no_show(pb::MarkNoShowRequest { confirmation_code: code }).await?;
    let a = done.into_inner().appointment.ok_or_else(|| Failure::Setup("the server sent no appointment".into()))?;
    show(ctx, "marked as no-show:", &a);
    Ok(())
}
