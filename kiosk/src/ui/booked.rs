//! The booked screen's adapter: the confirmation code, its QR code
//! (`FRONTDESK:APPOINTMENT:K7M3QX`) and what was booked.

use slint::ComponentHandle;

use super::context::Shared;
use super::qr;
use super::words::{moment, service_name};
use crate::slint_generated::{BookedAdapter, KioskWindow};

/// Sets the booking made, or clears it.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let s = window.global::<BookedAdapter>();
    let code = c.booked_code().unwrap_or_default();
    s.set_qr(if code.is_empty() {
        slint::Image::default()
    } else {
        qr::image(&format!("FRONTDESK:APPOINTMENT:{code}"))
    });
    s.set_code(code.into());
    let booking = c.booking().filter(|_| !code.is_empty());
    s.set_plate(booking.as_ref().map(|b| b.plate.clone()).unwrap_or_default().into());
    s.set_service(booking.as_ref().map(|b| service_name(c, &b.service, en)).unwrap_or_default().into());
    s.set_when(moment(c, booking.map(|b| b.start), en));
}
