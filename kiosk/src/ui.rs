//! Connects the kiosk window to the controller: every action of the customer goes to
//! the [`Controller`], its calls go to the [`Driver`], and after every change the
//! whole `KioskState` is set again from the controller (cheap, and never stale).

use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::driver::Driver;
use crate::flow::{Call, Controller, Flow, Screen};
use crate::input::{CODE_CHARS, PLATE_LETTERS, PROVINCES, PlateState};
use crate::slint_generated::{
    DayItem, Key, KeyRow, KioskActions, KioskState, KioskWindow, Screen as UiScreen, ServiceItem, SlotItem, StageItem,
};

/// How calls are run.
#[derive(Debug, Clone)]
pub enum Runner {
    /// On the tokio runtime; the reply comes back through the Slint event loop. The
    /// window never freezes.
    Spawn(tokio::runtime::Handle),
    /// Right away, blocking the UI thread until the reply (deadlines bound it). For
    /// tests with the Slint testing backend, which has no event loop to come back to.
    Block(tokio::runtime::Handle),
}

/// Common surnames for the optional surname screen.
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡";

/// The controller and the language, shared by the window's callbacks and the runtime.
pub struct Shared {
    /// The flows.
    pub controller: Controller,
    /// English instead of Chinese.
    pub english: bool,
    /// Landscape layout.
    pub landscape: bool,
}

impl Shared {
    /// A kiosk in its first language.
    pub fn new(controller: Controller, english: bool, landscape: bool) -> Self {
        Self { controller, english, landscape }
    }
}

/// A connected kiosk window. Keep it alive as long as the window is shown.
pub struct Kiosk {
    /// The window.
    pub window: KioskWindow,
    /// Its state.
    pub shared: Arc<Mutex<Shared>>,
    _tick: slint::Timer,
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn keys_of(chars: impl Iterator<Item = char>, per_row: usize, enabled: impl Fn(char) -> bool) -> Vec<KeyRow> {
    let keys: Vec<Key> = chars.map(|c| Key { label: c.to_string().into(), enabled: enabled(c) }).collect();
    keys.chunks(per_row).map(|row| KeyRow { keys: ModelRc::new(VecModel::from(row.to_vec())) }).collect()
}

fn keypad(c: &Controller) -> Vec<KeyRow> {
    match c.screen {
        Screen::Plate => {
            let typed = c.plate.text().chars().count();
            if typed == 0 {
                keys_of(PROVINCES.chars(), 8, |_| true)
            } else {
                let full = typed >= 8;
                let mut rows = keys_of("1234567890".chars(), 10, |_| typed >= 2 && !full);
                rows.extend(keys_of(PLATE_LETTERS.chars(), 8, |_| !full));
                rows
            }
        }
        Screen::Last4 | Screen::Phone => {
            let input = if c.screen == Screen::Last4 { &c.last4 } else { &c.phone };
            let open = |d: char| input.accepts(&d.to_string());
            let mut rows = keys_of("123456789".chars(), 3, open);
            rows.extend(keys_of("0".chars(), 1, open));
            rows
        }
        Screen::Code => {
            let open = c.code.text().len() < 6;
            keys_of(CODE_CHARS.chars(), 8, |_| open)
        }
        Screen::Surname => keys_of(SURNAMES.chars(), 8, |_| true),
        _ => Vec::new(),
    }
}

fn entry(c: &Controller) -> (String, &'static str, i32, i32, bool) {
    match c.screen {
        Screen::Plate => {
            let hint = match c.plate.state() {
                PlateState::Empty => "plate-province",
                PlateState::Typing => "plate-typing",
                PlateState::Valid => "plate-valid",
                PlateState::ValidNewEnergy => "plate-new-energy",
            };
            (c.plate.text().to_owned(), hint, 0, 8, c.plate.is_valid())
        }
        Screen::Last4 => (c.last4.text().to_owned(), "digits", c.last4.text().len() as i32, 4, c.last4.is_last4()),
        Screen::Phone => {
            let hint = if c.phone.is_phone() { "phone-valid" } else { "digits" };
            (c.phone.spaced(), hint, c.phone.text().len() as i32, 11, c.phone.is_phone())
        }
        Screen::Code => {
            let hint = if c.code.is_valid() { "code-valid" } else { "code" };
            (c.code.text().to_owned(), hint, c.code.text().len() as i32, 6, c.code.is_valid())
        }
        _ => (String::new(), "", 0, 0, false),
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
        Screen::ConfirmAppointment => UiScreen::ConfirmAppointment,
        Screen::ConfirmBooking => UiScreen::ConfirmBooking,
        Screen::Busy => UiScreen::Busy,
        Screen::Ticket => UiScreen::Ticket,
        Screen::Booked => UiScreen::Booked,
        Screen::Progress => UiScreen::Progress,
        Screen::Cancelled => UiScreen::Cancelled,
        Screen::Queued => UiScreen::Queued,
        Screen::Message => UiScreen::Message,
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

fn service_name(c: &Controller, code: &str, english: bool) -> String {
    c.services
        .iter()
        .find(|s| s.code == code)
        .map(|s| if english { s.name_en.clone() } else { s.name_zh.clone() })
        .unwrap_or_else(|| code.to_owned())
}

fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 { format!("{}****{}", &phone[..3], &phone[7..]) } else { String::new() }
}

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

fn qr_image(text: &str) -> slint::Image {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return slint::Image::default() };
    let (modules, scale, quiet) = (code.width(), 6usize, 4usize);
    let size = (modules + 2 * quiet) * scale;
    let mut pixels = slint::SharedPixelBuffer::<slint::Rgb8Pixel>::new(size as u32, size as u32);
    let dark = code.to_colors();
    for (i, px) in pixels.make_mut_slice().iter_mut().enumerate() {
        let (x, y) = ((i % size) / scale, (i / size) / scale);
        let on = x >= quiet
            && y >= quiet
            && x < quiet + modules
            && y < quiet + modules
            && dark[(y - quiet) * modules + (x - quiet)] == qrcode::Color::Dark;
        *px = if on { slint::Rgb8Pixel::new(0, 0, 0) } else { slint::Rgb8Pixel::new(255, 255, 255) };
    }
    slint::Image::from_rgb8(pixels)
}

/// Sets every property of `KioskState` from the controller.
pub fn render(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let en = shared.english;
    let s = window.global::<KioskState>();
    s.set_screen(screen(c.screen));
    s.set_english(en);
    s.set_landscape(shared.landscape);
    s.set_flow(SharedString::from(match c.flow {
        Some(Flow::Appointment) => "appointment",
        Some(Flow::AppointmentByCode) => "code",
        Some(Flow::WalkIn) => "walk-in",
        Some(Flow::Booking) => "booking",
        Some(Flow::MyCar) => "my-car",
        Some(Flow::Cancel) => "cancel",
        None => "",
    }));
    let (text, hint, count, max, valid) = entry(c);
    s.set_entry(text.into());
    s.set_entry_hint(hint.into());
    s.set_entry_count(count);
    s.set_entry_max(max);
    s.set_entry_valid(valid);
    s.set_can_continue(c.can_continue());
    s.set_offline(c.offline);
    s.set_keys(model(keypad(c)));
    s.set_services(model(
        c.services
            .iter()
            .map(|x| ServiceItem {
                code: x.code.clone().into(),
                name: if en { x.name_en.clone() } else { x.name_zh.clone() }.into(),
            })
            .collect(),
    ));
    s.set_days(model(c.days.iter().map(|d| DayItem { label: day_label(*d, en).into() }).collect()));
    s.set_chosen_day(c.day.map(|d| day_label(d, en)).unwrap_or_default().into());
    let zone = c.zone();
    s.set_slots(model(
        c.slots
            .iter()
            .map(|x| SlotItem {
                time: x.start.with_timezone(&zone).format("%H:%M").to_string().into(),
                remaining: x.remaining,
                bookable: x.bookable,
            })
            .collect(),
    ));
    render_cards(&s, c, en);
    render_results(&s, c, en);
    s.set_message_key(c.message.clone().unwrap_or_default().into());
    s.set_countdown(c.countdown.map_or(0, |n| n as i32));
    s.set_result_seconds(c.result_seconds_left().map_or(0, |n| n as i32));
}

fn render_cards(s: &KioskState<'_>, c: &Controller, en: bool) {
    let today = c.today().to_string();
    let appointment = c.identified.as_ref().and_then(|i| i.appointments.iter().find(|a| a.local_date == today));
    let (name, phone, plate, service, time, code) = match (c.screen, appointment) {
        (Screen::ConfirmAppointment, Some(a)) => (
            a.masked_name.clone(),
            a.masked_phone.clone(),
            a.plate.clone(),
            service_name(c, &a.service, en),
            when(c, a.start, en),
            a.code.clone(),
        ),
        _ => (
            String::new(),
            mask_phone(c.phone.text()),
            c.plate.text().to_owned(),
            c.service.as_deref().map(|x| service_name(c, x, en)).unwrap_or_default(),
            c.slot.map(|t| when(c, t, en)).unwrap_or_default(),
            String::new(),
        ),
    };
    s.set_card_name(name.into());
    s.set_card_phone(phone.into());
    s.set_card_plate(plate.into());
    s.set_card_service(service.into());
    s.set_card_time(time.into());
    s.set_card_code(code.into());
}

fn render_results(s: &KioskState<'_>, c: &Controller, en: bool) {
    match &c.ticket {
        Some(t) => {
            s.set_ticket_number(t.number.clone().into());
            s.set_ticket_service(service_name(c, &t.service, en).into());
            s.set_ticket_plate(t.masked_plate.clone().into());
            s.set_ticket_position(t.position);
            s.set_ticket_wait(t.wait_minutes);
            s.set_ticket_counter(t.counter);
            s.set_ticket_existing(t.existing);
            s.set_ticket_qr(qr_image(&format!("FRONTDESK:{}:{}", t.local_date, t.number)));
        }
        None => {
            s.set_ticket_number(SharedString::new());
            s.set_ticket_plate(SharedString::new());
            s.set_ticket_qr(slint::Image::default());
        }
    }
    s.set_booked_code(c.booked_code.clone().unwrap_or_default().into());
    let progress = c.identified.as_ref().and_then(|i| i.progress.as_ref());
    let stages: Vec<StageItem> = match progress {
        Some(p) => stage_items(p, c, en),
        None => Vec::new(),
    };
    s.set_stages(model(stages));
    s.set_promised(progress.and_then(|p| p.promised).map(|t| when(c, t, en)).unwrap_or_default().into());
    let parts =
        progress.and_then(|p| p.parts_date.as_deref()).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    s.set_parts_date(parts.map(|d| day_label(d, en)).unwrap_or_default().into());
}

/// The steps of a repair as the customer sees them: those behind the current one are
/// done (待料 only if the car waited for parts and went on; a car back in repair after
/// its parts came, or sent back for rework, has the later steps ahead again), with the
/// time each was reached.
fn stage_items(p: &crate::views::ProgressView, c: &Controller, en: bool) -> Vec<StageItem> {
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

/// The language of the window: Chinese by default.
pub fn select_language(english: bool) {
    if let Err(error) = slint::select_bundled_translation(if english { "en" } else { "zh_CN" }) {
        tracing::warn!(%error, "could not switch the language");
    }
}

struct Context {
    shared: Arc<Mutex<Shared>>,
    window: slint::Weak<KioskWindow>,
    driver: Driver,
    runner: Runner,
    /// The language each customer starts in.
    first_english: bool,
}

/// Hands a reply to the controller unless it belongs to a customer who is gone (the
/// kiosk reset or went home while the call was under way); returns the next call.
pub fn deliver(state: &mut Shared, generation: u64, reply: crate::flow::Reply) -> Option<Call> {
    if state.controller.generation() == generation { state.controller.receive(reply) } else { None }
}

impl Context {
    fn rerender(&self) {
        if let Some(window) = self.window.upgrade() {
            render(&window, &lock(&self.shared));
        }
    }

    fn dispatch(&self, call: Option<Call>) {
        self.rerender();
        let Some(call) = call else { return };
        let generation = lock(&self.shared).controller.generation();
        match &self.runner {
            Runner::Block(handle) => {
                let reply = handle.block_on(self.driver.run(call));
                let next = deliver(&mut lock(&self.shared), generation, reply);
                self.dispatch(next);
            }
            Runner::Spawn(handle) => {
                let (driver, shared, window) = (self.driver.clone(), self.shared.clone(), self.window.clone());
                let (runner, first_english) = (self.runner.clone(), self.first_english);
                handle.spawn(async move {
                    let reply = driver.run(call).await;
                    let _ = window.upgrade_in_event_loop(move |window| {
                        let next = deliver(&mut lock(&shared), generation, reply);
                        let ctx = Context { shared, window: window.as_weak(), driver, runner, first_english };
                        ctx.dispatch(next);
                    });
                });
            }
        }
    }

    fn act(&self, action: impl FnOnce(&mut Controller) -> Option<Call>) {
        let call = {
            let mut state = lock(&self.shared);
            let ended = state.controller.sessions_ended();
            let call = action(&mut state.controller);
            // The next customer starts in the kiosk's first language.
            if state.controller.sessions_ended() != ended && state.english != self.first_english {
                state.english = self.first_english;
                select_language(self.first_english);
            }
            call
        };
        self.dispatch(call);
    }
}

fn flow_of(name: &str) -> Option<Flow> {
    Some(match name {
        "appointment" => Flow::Appointment,
        "code" => Flow::AppointmentByCode,
        "walk-in" => Flow::WalkIn,
        "booking" => Flow::Booking,
        "my-car" => Flow::MyCar,
        "cancel" => Flow::Cancel,
        _ => return None,
    })
}

/// Creates the kiosk window, wires its actions and starts the once-a-second tick.
pub fn connect(
    controller: Controller,
    driver: Driver,
    runner: Runner,
    english: bool,
    landscape: bool,
) -> Result<Kiosk, slint::PlatformError> {
    let window = KioskWindow::new()?;
    select_language(english);
    let shared = Arc::new(Mutex::new(Shared::new(controller, english, landscape)));
    let ctx =
        Rc::new(Context { shared: shared.clone(), window: window.as_weak(), driver, runner, first_english: english });
    let actions = window.global::<KioskActions>();
    let c = ctx.clone();
    actions.on_start(move |flow| {
        if let Some(flow) = flow_of(&flow) {
            c.act(|k| k.start(flow));
        }
    });
    let c = ctx.clone();
    actions.on_key(move |key| {
        c.act(|k| {
            k.key(&key);
            None
        })
    });
    let c = ctx.clone();
    actions.on_backspace(move || {
        c.act(|k| {
            k.backspace();
            None
        })
    });
    let c = ctx.clone();
    actions.on_next(move || c.act(Controller::proceed));
    let c = ctx.clone();
    actions.on_back(move || {
        c.act(|k| {
            k.back();
            None
        })
    });
    let c = ctx.clone();
    actions.on_home(move || {
        c.act(|k| {
            k.reset();
            None
        })
    });
    let c = ctx.clone();
    actions.on_choose_service(move |code| c.act(|k| k.choose_service(&code)));
    let c = ctx.clone();
    actions.on_choose_day(move |i| c.act(|k| k.choose_day(usize::try_from(i).unwrap_or(usize::MAX))));
    let c = ctx.clone();
    actions.on_choose_slot(move |i| {
        c.act(|k| {
            k.choose_slot(usize::try_from(i).unwrap_or(usize::MAX));
            None
        })
    });
    let c = ctx.clone();
    actions.on_choose_surname(move |s| c.act(|k| k.choose_surname(&s)));
    let c = ctx.clone();
    actions.on_walk_in_instead(move || c.act(Controller::switch_to_walk_in));
    let c = ctx.clone();
    actions.on_still_here(move || {
        c.act(|k| {
            k.touch();
            None
        })
    });
    let c = ctx.clone();
    actions.on_toggle_language(move || {
        let english = {
            let mut state = lock(&c.shared);
            state.english = !state.english;
            state.controller.touch();
            state.controller.language_changed = state.english != c.first_english;
            state.english
        };
        select_language(english);
        c.rerender();
    });
    let tick = slint::Timer::default();
    let c = ctx.clone();
    tick.start(slint::TimerMode::Repeated, Duration::from_secs(1), move || c.act(Controller::tick));
    render(&window, &lock(&shared));
    Ok(Kiosk { window, shared, _tick: tick })
}
