//! The confirmation's adapter: the booking about to be made, or the appointment about
//! to be cancelled, masked.

use std::rc::Rc;

use frontdesk_domain::mask_phone;
use slint::ComponentHandle;

use super::context::{Context, Shared};
use super::words::{moment, service_name};
use crate::flow::{Controller, Screen};
use crate::slint_generated::{ConfirmAdapter, KioskWindow};

/// Sets the card to confirm (empty on other screens).
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let (name, phone, plate, service, start, code) = match c.screen() {
        Screen::ConfirmCancel => c.cancelling().map(|a| {
            let service = service_name(c, &a.service, en);
            (a.masked_name.clone(), a.masked_phone.clone(), a.plate.clone(), service, Some(a.start), a.code.clone())
        }),
        Screen::ConfirmBooking => c.booking().map(|b| {
            let service = service_name(c, &b.service, en);
            (String::new(), mask_phone(&b.phone), b.plate, service, Some(b.start), String::new())
        }),
        _ => None,
    }
    .unwrap_or_default();
    let a = window.global::<ConfirmAdapter>();
    a.set_name(name.into());
    a.set_phone(phone.into());
    a.set_plate(plate.into());
    a.set_service(service.into());
    a.set_when(moment(c, start, en));
    a.set_code(code.into());
}

/// Wires "confirm".
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let c = ctx.clone();
    window.global::<ConfirmAdapter>().on_confirm(move || c.act(Controller::proceed));
}
