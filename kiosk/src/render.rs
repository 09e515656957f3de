//! The kiosk window's `KioskState`, set from the controller after every change: the
//! keys of the pad on show, the entry, the cards and the results, in the customer's
//! language. Times go to the window as [`Moment`]s, which the window words (今天,
//! 明天, a date) through its translations.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::flow::{Controller, Entry, Failure, Flow, Screen};
use crate::input::{CODE_CHARS, PLATE_LETTERS, PROVINCES, PlateState};
use crate::slint_generated::{
    AppointmentItem, DayItem, Key, KeyRow, KioskState, KioskWindow, Moment, Screen as UiScreen, ServiceItem, SlotItem,
    StageItem,
};
use crate::ui::{SURNAMES, Shared};
use crate::views::ProgressView;
use frontdesk_server::domain::mask_phone;

fn key(label: char, enabled: bool) -> Key {
    Key { label: label.to_string().into(), action: SharedString::new(), enabled, active: false }
}

fn action(action: &str, enabled: bool, active: bool) -> Key {
    Key { label: SharedString::new(), action: action.into(), enabled, active }
}

fn rows(keys: Vec<Key>, per_row: usize) -> Vec<KeyRow> {
    keys.chunks(per_row).map(|row| KeyRow { keys: ModelRc::new(VecModel::from(row.to_vec())) }).collect()
}

fn chars(chars: &str, enabled: impl Fn(char) -> bool) -> Vec<Key> {
    chars.chars().map(|c| key(c, enabled(c))).collect()
}

/// The keys of the pad on show, with "delete" and "next" among them (next to the last
/// row of keys, where the finger is, not at the foot of the screen).
fn keypad(c: &Controller, landscape: bool) -> Vec<KeyRow> {
    let next = action("next", c.can_continue(), false);
    if c.screen() == Screen::Surname {
        return rows(chars(SURNAMES, |_| true), if landscape { 10 } else { 8 });
    }
    match c.entry() {
        Some(Entry::Plate(plate)) => {
            let typed = plate.text().chars().count();
            let mut pad = if typed == 0 {
                rows(chars(PROVINCES, |_| true), 8)
            } else {
                let full = typed >= 8;
                let mut pad = rows(chars("1234567890", |_| typed >= 2 && !full), 10);
                pad.extend(rows(chars(PLATE_LETTERS, |_| !full), 8));
                pad
            };
            let new_energy = action("new-energy", true, plate.expects_new_energy());
            pad.extend(rows(vec![new_energy, action("delete", typed > 0, false), next], 3));
            pad
        }
        Some(Entry::Last4(input) | Entry::Phone(input)) => {
            let open = |d: char| input.accepts(&d.to_string());
            let mut pad = rows(chars("123456789", open), 3);
            pad.extend(rows(vec![action("delete", !input.text().is_empty(), false), key('0', open('0')), next], 3));
            pad
        }
        Some(Entry::Code(code)) => {
            let open = code.text().len() < 6;
            let mut pad = rows(chars(CODE_CHARS, |_| open), 8);
            pad.extend(rows(vec![action("delete", !code.text().is_empty(), false), next], 2));
            pad
        }
        None => Vec::new(),
    }
}

fn entry(c: &Controller) -> (String, &'static str, i32, i32, bool) {
    match c.entry() {
        Some(Entry::Plate(plate)) => {
            let eight = plate.expects_new_energy();
            let hint = match plate.state() {
                PlateState::Empty => "plate-province",
                PlateState::Typing if eight => "plate-typing-new-energy",
                PlateState::Typing => "plate-typing",
                PlateState::Valid if eight => "plate-valid-or-new-energy",
                PlateState::Valid => "plate-valid",
                PlateState::ValidNewEnergy => "plate-new-energy",
            };
            (plate.text().to_owned(), hint, 0, 8, plate.is_valid())
        }
        Some(Entry::Last4(last4)) => {
            (last4.text().to_owned(), "digits", last4.text().len() as i32, 4, last4.is_last4())
        }
        Some(Entry::Phone(phone)) => {
            let hint = if phone.is_phone() { "phone-valid" } else { "digits" };
            (phone.spaced(), hint, phone.text().len() as i32, 11, phone.is_phone())
        }
        Some(Entry::Code(code)) => {
            let hint = if code.is_valid() { "code-valid" } else { "code" };
            (code.text().to_owned(), hint, code.text().len() as i32, 6, code.is_valid())
        }
        None => (String::new(), "", 0, 0, false),
    }
}

fn screen(s: Screen) -> UiScreen {
    match s {
        Screen::Home => UiScreen::Home,
        Screen::Plate => UiScreen::Plate,
        Screen::Last4 => UiScreen::Last4,
        Screen::Code => UiScreen::Code,
        Screen::Phone => UiScreen::Phone,
        Screen::Surname => UiScreen::Surname,
        Screen::Service => UiScreen::Service,
        Screen::Day => UiScreen::Day,
        Screen::Slot => UiScreen::Slot,
        Screen::ConfirmBooking => UiScreen::ConfirmBooking,
        Screen::ConfirmCancel => UiScreen::ConfirmCancel,
        Screen::ChooseAppointment => UiScreen::ChooseAppointment,
        Screen::Busy => UiScreen::Busy,
        Screen::Ticket => UiScreen::Ticket,
        Screen::Booked => UiScreen::Booked,
        Screen::Progress => UiScreen::Progress,
        Screen::Cancelled => UiScreen::Cancelled,
        Screen::Queued => UiScreen::Queued,
        Screen::Message => UiScreen::Message,
    }
}

fn flow_name(flow: Option<Flow>) -> &'static str {
    match flow {
        Some(Flow::Appointment) => "appointment",
        Some(Flow::AppointmentByCode) => "code",
        Some(Flow::WalkIn) => "walk-in",
        Some(Flow::Booking) => "booking",
        Some(Flow::MyCar) => "my-car",
        Some(Flow::Cancel) => "cancel",
        Some(Flow::CancelByPlate) => "cancel-plate",
        None => "",
    }
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date as the customer reads it: `11月28日 周六` or `Sat 28 Nov`.
pub fn day_label(d: NaiveDate, english: bool) -> String {
    let wd = d.weekday().num_days_from_monday() as usize;
    if english {
        format!("{} {} {}", WEEKDAYS_EN[wd], d.day(), MONTHS_EN[d.month0() as usize])
    } else {
        format!("{}月{}日 {}", d.month(), d.day(), WEEKDAYS_ZH[wd])
    }
}

fn when(c: &Controller, at: DateTime<Utc>, english: bool) -> String {
    let local = at.with_timezone(&c.zone());
    format!("{} {}", day_label(local.date_naive(), english), local.format("%H:%M"))
}

/// A time for the window to word: its day counted from today in the store's zone.
fn moment(c: &Controller, at: Option<DateTime<Utc>>, english: bool) -> Moment {
    let Some(at) = at else { return Moment::default() };
    let local = at.with_timezone(&c.zone());
    let relative = (local.date_naive() - c.today()).num_days();
    Moment {
        relative: i32::try_from(relative).unwrap_or(i32::MAX),
        date: day_label(local.date_naive(), english).into(),
        time: local.format("%H:%M").to_string().into(),
    }
}

fn service_name(c: &Controller, code: &str, english: bool) -> String {
    c.services()
        .iter()
        .find(|s| s.code == code)
        .map(|s| if english { s.name_en.clone() } else { s.name_zh.clone() })
        .unwrap_or_else(|| code.to_owned())
}

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

/// Sets every property of `KioskState` from the controller.
pub fn render(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let en = shared.english;
    let s = window.global::<KioskState>();
    s.set_screen(screen(c.screen()));
    s.set_english(en);
    s.set_landscape(shared.landscape);
    s.set_flow(flow_name(c.flow()).into());
    let (text, hint, count, max, valid) = entry(c);
    s.set_entry(text.into());
    s.set_entry_hint(hint.into());
    s.set_entry_count(count);
    s.set_entry_max(max);
    s.set_entry_valid(valid);
    s.set_can_continue(c.can_continue());
    s.set_offline(c.offline());
    s.set_in_workshop(c.in_workshop());
    s.set_keys(model(keypad(c, shared.landscape)));
    s.set_surname(c.surname().into());
    render_choices(&s, c, en);
    render_cards(&s, c, en);
    render_results(&s, c, en);
    render_progress(&s, c, en);
    s.set_message_key(c.failure().map(Failure::code).unwrap_or_default().into());
    s.set_message_when(moment(c, c.message_when(), en));
    s.set_message_retry(c.failure().is_some_and(Failure::offers_retry));
    s.set_message_walk_in(c.failure().is_some_and(Failure::offers_walk_in));
    s.set_countdown(c.countdown().map_or(0, |n| n as i32));
    s.set_result_seconds(c.result_seconds_left().map_or(0, |n| n as i32));
}

fn render_choices(s: &KioskState<'_>, c: &Controller, en: bool) {
    s.set_services(model(
        c.services()
            .iter()
            .map(|x| ServiceItem {
                code: x.code.clone().into(),
                name: if en { x.name_en.clone() } else { x.name_zh.clone() }.into(),
            })
            .collect(),
    ));
    let today = c.today();
    s.set_days(model(
        c.days()
            .iter()
            .map(|d| DayItem {
                label: day_label(*d, en).into(),
                relative: i32::try_from((*d - today).num_days()).unwrap_or(i32::MAX),
            })
            .collect(),
    ));
    s.set_chosen_day(c.day().map(|d| day_label(d, en)).unwrap_or_default().into());
    let zone = c.zone();
    s.set_slots(model(
        c.slots()
            .iter()
            .map(|x| SlotItem {
                time: x.start.with_timezone(&zone).format("%H:%M").to_string().into(),
                remaining: x.remaining,
                bookable: x.bookable,
            })
            .collect(),
    ));
    let found = c.identified().into_iter().flat_map(|i| i.appointments.iter());
    s.set_appointments(model(
        found
            .map(|a| AppointmentItem {
                when: moment(c, Some(a.start), en),
                service: service_name(c, &a.service, en).into(),
                plate: a.plate.clone().into(),
            })
            .collect(),
    ));
}

/// The card of the booking to confirm, or of the appointment to cancel (and cancelled).
fn render_cards(s: &KioskState<'_>, c: &Controller, en: bool) {
    let booking = c.booking();
    let (name, phone, plate, service, start, code) = match (c.cancelling(), booking) {
        (Some(a), _) if matches!(c.screen(), Screen::ConfirmCancel | Screen::Cancelled) => (
            a.masked_name.clone(),
            a.masked_phone.clone(),
            a.plate.clone(),
            service_name(c, &a.service, en),
            Some(a.start),
            a.code.clone(),
        ),
        (_, Some(b)) => (
            String::new(),
            mask_phone(&b.phone),
            b.plate,
            service_name(c, &b.service, en),
            Some(b.start),
            c.code().to_owned(),
        ),
        _ => (
            String::new(),
            mask_phone(c.phone()),
            c.plate().to_owned(),
            c.walk_in_service().map(|x| service_name(c, x, en)).unwrap_or_default(),
            None,
            c.code().to_owned(),
        ),
    };
    s.set_card_name(name.into());
    s.set_card_phone(phone.into());
    s.set_card_plate(plate.into());
    s.set_card_service(service.into());
    s.set_card_when(moment(c, start, en));
    s.set_card_code(code.into());
}

fn render_results(s: &KioskState<'_>, c: &Controller, en: bool) {
    match c.ticket() {
        Some(t) => {
            s.set_ticket_number(t.number.clone().into());
            s.set_ticket_service(service_name(c, &t.service, en).into());
            s.set_ticket_plate(t.masked_plate.clone().into());
            s.set_ticket_name(t.masked_name.clone().into());
            s.set_ticket_position(t.position);
            s.set_ticket_wait(t.wait_minutes);
            s.set_ticket_counter(t.counter);
            s.set_ticket_existing(t.existing);
            s.set_ticket_qr(crate::qr::image(&format!("FRONTDESK:{}:{}", t.local_date, t.number)));
            s.set_ticket_appointment(moment(c, t.appointment_start, en));
            s.set_ticket_early(t.counter == 0 && c.early_for(t));
            let window = t.appointment_start.zip(t.priority_from).map_or(0, |(at, from)| (at - from).num_minutes());
            s.set_priority_minutes(i32::try_from(window).unwrap_or(i32::MAX));
        }
        None => {
            s.set_ticket_number(SharedString::new());
            s.set_ticket_plate(SharedString::new());
            s.set_ticket_name(SharedString::new());
            s.set_ticket_qr(slint::Image::default());
            s.set_ticket_appointment(Moment::default());
            s.set_ticket_early(false);
        }
    }
    let booked = c.booked_code().unwrap_or_default().to_owned();
    s.set_booked_qr(if booked.is_empty() {
        slint::Image::default()
    } else {
        crate::qr::image(&format!("FRONTDESK:APPOINTMENT:{booked}"))
    });
    s.set_booked_code(booked.into());
    s.set_provisional_number(c.provisional().unwrap_or_default().into());
}

fn render_progress(s: &KioskState<'_>, c: &Controller, en: bool) {
    let progress = c.progress();
    s.set_stages(model(progress.map(|p| stage_items(p, c, en)).unwrap_or_default()));
    s.set_promised(progress.and_then(|p| p.promised).map(|t| when(c, t, en)).unwrap_or_default().into());
    let parts =
        progress.and_then(|p| p.parts_date.as_deref()).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    s.set_parts_date(parts.map(|d| day_label(d, en)).unwrap_or_default().into());
    s.set_progress_plate(progress.map(|p| p.masked_plate.clone()).unwrap_or_default().into());
    s.set_progress_model(progress.map(|p| p.vehicle_model.clone()).unwrap_or_default().into());
}

/// The steps of a repair as the customer sees them: those behind the current one are
/// done (待料 only if the car waited for parts and went on; a car back in repair after
/// its parts came, or sent back for rework, has the later steps ahead again), with the
/// time each was reached.
fn stage_items(p: &ProgressView, c: &Controller, en: bool) -> Vec<StageItem> {
    const WAITING_PARTS: usize = 2;
    (0..6)
        .filter(|&i| {
            // 待料 shows while waiting, and behind the car once it went on from there.
            i != WAITING_PARTS || i == p.stage || (p.stage > i && p.reached.get(i).copied().flatten().is_some())
        })
        .map(|i| {
            let reached = p.reached.get(i).copied().flatten().filter(|_| i <= p.stage);
            StageItem {
                stage: i as i32,
                time: reached.map(|t| when(c, t, en)).unwrap_or_default().into(),
                done: i < p.stage,
                current: i == p.stage,
            }
        })
        .collect()
}
