//! The ticket's adapter: the number, the service, the masked plate and name, the place
//! in the queue, the counter once called, the QR code, and when the appointment is.

use slint::{ComponentHandle, SharedString};

use super::context::Shared;
use super::qr;
use super::words::{moment, service_name};
use crate::slint_generated::{KioskWindow, Moment, TicketAdapter};

/// Sets the ticket on show, or clears it.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let s = window.global::<TicketAdapter>();
    let Some(t) = c.ticket() else {
        s.set_number(SharedString::new());
        s.set_plate(SharedString::new());
        s.set_name(SharedString::new());
        s.set_qr(slint::Image::default());
        s.set_appointment(Moment::default());
        s.set_early(false);
        return;
    };
    s.set_number(t.number.clone().into());
    s.set_service(service_name(c, &t.service, en).into());
    s.set_plate(t.masked_plate.clone().into());
    s.set_name(t.masked_name.clone().into());
    s.set_position(t.position);
    s.set_wait(t.wait_minutes);
    s.set_counter(t.counter);
    s.set_existing(t.existing);
    s.set_qr(qr::image(&format!("FRONTDESK:{}:{}", t.local_date, t.number)));
    s.set_appointment(moment(c, t.appointment_start, en));
    s.set_early(t.counter == 0 && c.early_for(t));
    let window = t.appointment_start.zip(t.priority_from).map_or(0, |(at, from)| (at - from).num_minutes());
    s.set_priority_minutes(i32::try_from(window).unwrap_or(i32::MAX));
}
