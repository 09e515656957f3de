//! The adapters of the choices: the service types, the days, a day's slots, and the
//! car's appointments to cancel one of.

use std::rc::Rc;

use slint::{ComponentHandle, VecModel};

use super::context::{Context, Shared};
use super::words::{day_label, moment, service_name};
use crate::slint_generated::{
    AppointmentItem, ChooseAppointmentAdapter, DayAdapter, DayItem, KioskWindow, ServiceAdapter, ServiceItem,
    SlotAdapter, SlotItem,
};

fn index(i: i32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// Sets the services, the days, the slots and the appointments to choose from.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let services: Vec<ServiceItem> = c
        .services()
        .iter()
        .map(|s| ServiceItem { code: s.code.clone().into(), name: if en { &s.name_en } else { &s.name_zh }.into() })
        .collect();
    window.global::<ServiceAdapter>().set_services(VecModel::from_slice(&services));
    let today = c.today();
    let days: Vec<DayItem> = c
        .days()
        .iter()
        .map(|d| DayItem {
            label: day_label(*d, en).into(),
            relative: i32::try_from((*d - today).num_days()).unwrap_or(i32::MAX),
        })
        .collect();
    window.global::<DayAdapter>().set_days(VecModel::from_slice(&days));
    show_slots(window, shared);
    show_appointments(window, shared);
}

fn show_slots(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let zone = c.zone();
    let slots: Vec<SlotItem> = c
        .slots()
        .iter()
        .map(|s| SlotItem {
            time: s.start.with_timezone(&zone).format("%H:%M").to_string().into(),
            remaining: s.remaining,
            bookable: s.bookable,
        })
        .collect();
    let adapter = window.global::<SlotAdapter>();
    adapter.set_day(c.day().map(|d| day_label(d, shared.english)).unwrap_or_default().into());
    adapter.set_slots(VecModel::from_slice(&slots));
}

fn show_appointments(window: &KioskWindow, shared: &Shared) {
    let (c, en) = (&shared.controller, shared.english);
    let found = c.identified().into_iter().flat_map(|i| i.appointments.iter());
    let appointments: Vec<AppointmentItem> = found
        .map(|a| AppointmentItem {
            when: moment(c, Some(a.start), en),
            service: service_name(c, &a.service, en).into(),
            plate: a.plate.clone().into(),
        })
        .collect();
    let adapter = window.global::<ChooseAppointmentAdapter>();
    adapter.set_plate(c.plate().into());
    adapter.set_appointments(VecModel::from_slice(&appointments));
}

/// Wires a service, a day, a slot or an appointment chosen.
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let c = ctx.clone();
    window.global::<ServiceAdapter>().on_choose(move |code| c.act(|k| k.choose_service(&code)));
    let c = ctx.clone();
    window.global::<DayAdapter>().on_choose(move |i| c.act(|k| k.choose_day(index(i))));
    let c = ctx.clone();
    window.global::<SlotAdapter>().on_choose(move |i| c.update(|k| k.choose_slot(index(i))));
    let c = ctx.clone();
    window.global::<ChooseAppointmentAdapter>().on_choose(move |i| c.update(|k| k.choose_appointment(index(i))));
}
