//! Renders every kiosk screen (Chinese and English, portrait and landscape) and the
//! lobby display with Slint's software renderer, without a display, and checks that
//! text drew (the header's Chinese title too) and that every button fits on the
//! screen, is large enough to touch and overlaps no other. With
//! FRONTDESK_SCREENSHOTS=DIR set, the PNGs (half size) are written there; the ones in
//! docs/screenshots/ come from `FRONTDESK_SCREENSHOTS=docs/screenshots cargo test -p
//! frontdesk-kiosk --test screenshots`.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use frontdesk_kiosk::board::{Board, CallOut};
use frontdesk_kiosk::flow::{Controller, Failure, Flow, Reply, Timing};
use frontdesk_kiosk::ui::{Shared, render, select_language};
use frontdesk_kiosk::views::{AppointmentView, IdentifiedView, ProgressView, SlotChoice, TicketView};
use frontdesk_kiosk::{KioskWindow, LobbyDisplay};
use frontdesk_proto::ErrorReason;
use i_slint_backend_testing::{TestingBackend, TestingBackendOptions};
use slint::ComponentHandle;

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2030, 3, 4, h, m, 0).single().expect("valid").with_timezone(&Utc)
}

fn controller() -> Controller {
    Controller::new(Timing::default(), chrono_tz::Asia::Shanghai, Arc::new(|| at(9, 0)))
}

/// A controller for one screen: each is reached as a customer reaches it, by keys and
/// choices and the server's replies.
type Setup = Box<dyn Fn(&mut Controller)>;

/// Types the keys, one character each.
fn keys(c: &mut Controller, keys: &str) {
    for k in keys.chars() {
        c.key(&k.to_string());
    }
}

fn reason(reason: ErrorReason) -> Reply {
    Reply::Failed(Failure::Reason(reason))
}

/// A flow started, the plate typed (it goes on by itself) and, for a walk-in, the
/// service chosen: the check-in is under way.
fn walk_in(c: &mut Controller) {
    c.start(Flow::WalkIn);
    keys(c, "沪A12345");
    c.choose_service("repair");
}

/// A booking at its day screen.
fn booking_at_day(c: &mut Controller) {
    c.start(Flow::Booking);
    keys(c, "京AD12345");
    keys(c, "13812345678");
    c.choose_service("maintenance");
}

/// A booking at its confirmation, tomorrow 10:30.
fn booking_to_confirm(c: &mut Controller) {
    booking_at_day(c);
    c.choose_day(1);
    let start = at(10, 30) + Duration::days(1);
    c.receive(Reply::Slots {
        date: c.today() + Duration::days(1),
        slots: vec![SlotChoice { start, remaining: 1, bookable: true }],
    });
    c.choose_slot(0);
}

/// A car looked up by plate and digits in a flow.
fn looked_up(c: &mut Controller, flow: Flow) {
    if flow == Flow::CancelByPlate {
        c.start(Flow::Cancel);
        c.forgot_code();
    } else {
        c.start(flow);
    }
    keys(c, "沪A12345");
    keys(c, "5678");
}

fn booked(day: i64, h: u32, m: u32, code: &str) -> AppointmentView {
    AppointmentView {
        code: code.into(),
        service: "maintenance".into(),
        start: at(h, m) + Duration::days(day),
        local_date: format!("2030-03-{:02}", 4 + day),
        masked_name: "张*".into(),
        masked_phone: "138****5678".into(),
        plate: "沪A12345".into(),
    }
}

fn identified() -> IdentifiedView {
    IdentifiedView {
        masked_name: "张*".into(),
        masked_phone: "138****5678".into(),
        vehicle_model: "大众帕萨特".into(),
        appointments: vec![booked(1, 9, 30, "K7M3QX"), booked(8, 14, 0, "P4W8NC")],
        progress: Some(ProgressView {
            stage: 2,
            promised: Some(at(17, 0) + Duration::days(2)),
            parts_date: Some("2030-03-06".into()),
            reached: vec![Some(at(9, 10)), Some(at(9, 40)), Some(at(11, 5)), None, None, None],
            masked_plate: "沪A***45".into(),
            vehicle_model: "大众帕萨特".into(),
        }),
    }
}

/// The entry screens: plate, digits, phone, code, surname.
fn entry_screens() -> Vec<(&'static str, Setup)> {
    vec![
        ("01-home", Box::new(|_| {})),
        ("02-plate-province", Box::new(|c| drop(c.start(Flow::WalkIn)))),
        (
            "03-plate-typing",
            Box::new(|c| {
                c.start(Flow::Appointment);
                keys(c, "沪A12");
            }),
        ),
        // D third: an 8th character is expected; 下一步 takes the 7 of an ordinary plate.
        (
            "03b-plate-new-energy",
            Box::new(|c| {
                c.start(Flow::Appointment);
                keys(c, "粤BD1234");
            }),
        ),
        (
            "04-last4",
            Box::new(|c| {
                c.start(Flow::Appointment);
                keys(c, "沪A1234556");
            }),
        ),
        (
            "05-phone",
            Box::new(|c| {
                c.start(Flow::Booking);
                keys(c, "京AD1234513812");
            }),
        ),
        (
            "04b-last4-offline",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Queued("L-0304-01".into()));
            }),
        ),
        (
            "04c-last4-in-workshop",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::InWorkshop(None));
            }),
        ),
        (
            "05b-phone-offline",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Queued("L-0304-01".into()));
                c.new_customer();
            }),
        ),
        (
            "06-code",
            Box::new(|c| {
                c.start(Flow::AppointmentByCode);
                keys(c, "K7M");
            }),
        ),
        (
            "06b-code-cancel",
            Box::new(|c| {
                c.start(Flow::Cancel);
                keys(c, "K");
            }),
        ),
        (
            "07-surname",
            Box::new(|c| {
                walk_in(c);
                c.receive(reason(ErrorReason::PhoneRequired));
                keys(c, "13812345678");
            }),
        ),
        (
            "07b-surname-chosen",
            Box::new(|c| {
                walk_in(c);
                c.receive(reason(ErrorReason::PhoneRequired));
                keys(c, "13812345678");
                c.choose_surname("王");
            }),
        ),
    ]
}

/// The choices: service, day, slots, the car's appointments, the confirmations.
fn choice_screens() -> Vec<(&'static str, Setup)> {
    vec![
        (
            "08-service",
            Box::new(|c| {
                c.start(Flow::Booking);
                keys(c, "京AD1234513812345678");
            }),
        ),
        ("09-day", Box::new(booking_at_day)),
        (
            "10-slot",
            Box::new(|c| {
                booking_at_day(c);
                c.choose_day(1);
                let slots = (0..18)
                    .map(|i| SlotChoice {
                        start: at(8, 30) + Duration::days(1) + Duration::minutes(30 * i),
                        remaining: [3, 2, 0, 1, 3, 0][i as usize % 6],
                        bookable: ![2, 5].contains(&(i % 6)),
                    })
                    .collect();
                c.receive(Reply::Slots { date: c.today() + Duration::days(1), slots });
            }),
        ),
        (
            "10b-slot-none",
            Box::new(|c| {
                booking_at_day(c);
                c.choose_day(3);
                c.receive(Reply::Slots { date: c.today() + Duration::days(3), slots: Vec::new() });
            }),
        ),
        (
            "11-confirm-cancel",
            Box::new(|c| {
                c.start(Flow::Cancel);
                keys(c, "K7M3QX5678");
                c.receive(Reply::CancelPreview(booked(1, 9, 30, "K7M3QX")));
            }),
        ),
        (
            "11b-choose-appointment",
            Box::new(|c| {
                looked_up(c, Flow::CancelByPlate);
                c.receive(Reply::Identified(Some(identified())));
            }),
        ),
        ("12-confirm-booking", Box::new(booking_to_confirm)),
        ("13-busy", Box::new(|c| looked_up(c, Flow::Appointment))),
    ]
}

/// A ticket as the server gives it.
fn ticket() -> TicketView {
    TicketView {
        number: "B007".into(),
        local_date: "2030-03-04".into(),
        service: "maintenance".into(),
        position: 3,
        wait_minutes: 25,
        counter: 0,
        masked_plate: "沪A***45".into(),
        masked_name: String::new(),
        appointment: false,
        appointment_start: None,
        priority_from: None,
        existing: false,
    }
}

/// The results: tickets, the booking's code, repair progress, cancelled, kept offline.
fn result_screens() -> Vec<(&'static str, Setup)> {
    let early = TicketView {
        number: "A003".into(),
        masked_name: "张*".into(),
        appointment: true,
        appointment_start: Some(at(14, 0)),
        priority_from: Some(at(13, 30)),
        position: 1,
        wait_minutes: 5,
        ..ticket()
    };
    let checked = ProgressView {
        stage: 3,
        promised: Some(at(17, 0)),
        parts_date: None,
        reached: vec![Some(at(9, 10)), Some(at(9, 40)), Some(at(11, 5)), Some(at(15, 20)), None, None],
        ..identified().progress.expect("progress")
    };
    // What a check-in by code is told of a car in the workshop: no history, no model.
    let told = ProgressView {
        stage: 1,
        promised: Some(at(17, 0)),
        parts_date: None,
        reached: vec![None; 6],
        masked_plate: "沪A***45".into(),
        vehicle_model: String::new(),
    };
    vec![
        (
            "14-ticket",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Ticket(ticket()));
            }),
        ),
        (
            "14b-ticket-existing",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Ticket(TicketView { existing: true, ..ticket() }));
            }),
        ),
        (
            "14c-ticket-early",
            Box::new(move |c| {
                looked_up(c, Flow::Appointment);
                c.receive(Reply::Ticket(early.clone()));
            }),
        ),
        (
            "15-ticket-called",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Ticket(TicketView { counter: 3, position: 0, ..ticket() }));
            }),
        ),
        (
            "16-booked",
            Box::new(|c| {
                booking_to_confirm(c);
                c.proceed();
                c.receive(Reply::Booked("K7M3QX".into()));
            }),
        ),
        (
            "17-progress",
            Box::new(|c| {
                looked_up(c, Flow::MyCar);
                c.receive(Reply::Identified(Some(identified())));
            }),
        ),
        (
            "17b-progress-quality-check",
            Box::new(move |c| {
                looked_up(c, Flow::MyCar);
                c.receive(Reply::Identified(Some(IdentifiedView { progress: Some(checked.clone()), ..identified() })));
            }),
        ),
        (
            "17c-progress-by-code",
            Box::new(move |c| {
                c.start(Flow::AppointmentByCode);
                keys(c, "K7M3QX");
                c.receive(Reply::InWorkshop(Some(told.clone())));
            }),
        ),
        (
            "18-cancelled",
            Box::new(|c| {
                c.start(Flow::Cancel);
                keys(c, "K7M3QX5678");
                c.receive(Reply::CancelPreview(booked(1, 9, 30, "K7M3QX")));
                c.proceed();
                c.receive(Reply::Cancelled(booked(1, 9, 30, "K7M3QX")));
            }),
        ),
        (
            "19-queued",
            Box::new(|c| {
                walk_in(c);
                c.receive(Reply::Queued("L-0304-07".into()));
                keys(c, "5678");
                c.receive(Reply::Queued("L-0304-07".into()));
            }),
        ),
    ]
}

/// The messages, and the idle countdown.
fn message_screens() -> Vec<(&'static str, Setup)> {
    vec![
        (
            "20-message",
            Box::new(|c| {
                booking_to_confirm(c);
                c.proceed();
                c.receive(reason(ErrorReason::SlotFull));
            }),
        ),
        (
            "20b-no-appointment-today",
            Box::new(|c| {
                looked_up(c, Flow::Appointment);
                c.receive(reason(ErrorReason::AppointmentNotFound));
                c.receive(Reply::Identified(Some(IdentifiedView {
                    appointments: Vec::new(),
                    progress: None,
                    ..identified()
                })));
            }),
        ),
        (
            "20c-appointment-tomorrow",
            Box::new(|c| {
                c.start(Flow::AppointmentByCode);
                keys(c, "K7M3QX");
                c.receive(Reply::Failed(Failure::NotToday(Some(at(9, 30) + Duration::days(1)))));
            }),
        ),
        (
            "20d-not-in-the-workshop",
            Box::new(|c| {
                looked_up(c, Flow::MyCar);
                c.receive(Reply::Identified(Some(IdentifiedView { progress: None, ..identified() })));
            }),
        ),
        // 63 s without a touch: 7 s left of the countdown.
        (
            "21-countdown",
            Box::new(|c| {
                c.start(Flow::Appointment);
                c.key("沪");
                (0..63).for_each(|_| drop(c.tick()));
            }),
        ),
    ]
}

/// Every screen worth a picture, as a controller in that state.
fn screens() -> Vec<(&'static str, Controller)> {
    let all = [entry_screens(), choice_screens(), result_screens(), message_screens()];
    all.into_iter()
        .flatten()
        .map(|(name, setup)| {
            let mut c = controller();
            setup(&mut c);
            (name, c)
        })
        .collect()
}

fn ink(buffer: &slint::SharedPixelBuffer<slint::Rgba8Pixel>, y0: u32, y1: u32) -> usize {
    let w = buffer.width() as usize;
    buffer.as_slice()[(y0 as usize * w)..(y1 as usize * w)]
        .iter()
        .filter(|p| p.r < 140 && p.g < 140 && p.b < 160)
        .count()
}

fn save(dir: &Option<PathBuf>, name: &str, shot: &slint::SharedPixelBuffer<slint::Rgba8Pixel>) {
    let Some(dir) = dir else { return };
    std::fs::create_dir_all(dir).expect("dir");
    let full = image::RgbaImage::from_raw(shot.width(), shot.height(), shot.as_bytes().to_vec()).expect("image");
    let half =
        image::imageops::resize(&full, shot.width() / 2, shot.height() / 2, image::imageops::FilterType::Triangle);
    half.save(dir.join(format!("{name}.png"))).expect("writes png");
}

/// White pixels of the header's title, left of the buttons: the title is white text on
/// the blue header, so none means its glyphs (Chinese too) did not draw.
fn title_ink(shot: &slint::SharedPixelBuffer<slint::Rgba8Pixel>) -> usize {
    let w = shot.width() as usize;
    (20..100usize)
        .flat_map(|y| (40..420usize).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = shot.as_slice()[y * w + x];
            p.r > 200 && p.g > 200 && p.b > 200
        })
        .count()
}

/// Every button of the screen on show lies inside the window, is a touch target of at
/// least 84 px each way (21 mm on a 21.5" screen) and overlaps no other button.
fn check_buttons(window: &KioskWindow, (width, height): (f32, f32), what: &str, modal: bool) {
    use i_slint_backend_testing::{AccessibleRole, ElementQuery};
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(1));
    let boxes: Vec<(String, f32, f32, f32, f32)> = ElementQuery::from_root(window)
        .match_accessible_role(AccessibleRole::Button)
        .find_all()
        .into_iter()
        .map(|b| {
            let (p, s) = (b.absolute_position(), b.size());
            (b.accessible_label().unwrap_or_default().to_string(), p.x, p.y, s.width, s.height)
        })
        .collect();
    for (label, x, y, w, h) in &boxes {
        assert!(
            *x >= 0.0 && *y >= 0.0 && x + w <= width + 0.5 && y + h <= height + 0.5,
            "{what}: {label:?} at {x},{y} {w}×{h} is cut off by the {width}×{height} window"
        );
        assert!(*w >= 84.0 && *h >= 84.0, "{what}: {label:?} is {w}×{h}, too small to touch");
    }
    // (A modal card, the idle countdown, lies over the page's buttons on purpose.)
    for (i, a) in boxes.iter().enumerate().filter(|_| !modal) {
        for b in &boxes[i + 1..] {
            let apart =
                a.1 + a.3 <= b.1 + 0.5 || b.1 + b.3 <= a.1 + 0.5 || a.2 + a.4 <= b.2 + 0.5 || b.2 + b.4 <= a.2 + 0.5;
            assert!(apart, "{what}: {:?} and {:?} overlap", a.0, b.0);
        }
    }
}

#[test]
fn every_screen_renders_with_chinese_glyphs_in_both_languages_and_fits_both_ways() {
    slint::platform::set_platform(Box::new(TestingBackend::new(TestingBackendOptions {
        mock_time: true,
        threading: false,
        renderer_name: Some("software".into()),
    })))
    .expect("platform");
    let dir = std::env::var_os("FRONTDESK_SCREENSHOTS").map(PathBuf::from);
    let window = KioskWindow::new().expect("window");
    for landscape in [false, true] {
        let (w, h) = if landscape { (1920.0, 1080.0) } else { (1080.0, 1920.0) };
        window.window().set_size(slint::LogicalSize::new(w, h));
        for english in [false, true] {
            select_language(english);
            let lang = if english { "en" } else { "zh" };
            for (name, controller) in screens() {
                let shared = Shared::new(controller, english, landscape);
                render(&window, &shared);
                let shot = window.window().take_snapshot().expect("snapshot");
                assert_eq!((shot.width() as f32, shot.height() as f32), (w, h));
                let file =
                    if landscape { format!("kiosk-{lang}-landscape-{name}") } else { format!("kiosk-{lang}-{name}") };
                // Landscape pictures for the screens laid out for it; all are checked.
                let pictured = [
                    "01-home",
                    "02-plate-province",
                    "03-plate-typing",
                    "05-phone",
                    "07b-surname-chosen",
                    "09-day",
                    "10-slot",
                    "14-ticket",
                    "14c-ticket-early",
                    "16-booked",
                    "17-progress",
                ];
                if !landscape || pictured.contains(&name) {
                    save(&dir, &file, &shot);
                }
                let what = file.clone();
                // The page below the header must carry text, and the header's title too.
                let dark = ink(&shot, 130, h as u32 - 20);
                assert!(dark > 2_000, "{what} drew no text ({dark} dark pixels)");
                // (The idle countdown dims the header under its card.)
                if !name.ends_with("countdown") {
                    assert!(title_ink(&shot) > 300, "{what}: the header's title did not draw");
                }
                check_buttons(&window, (w, h), &what, name.ends_with("countdown"));
            }
        }
    }

    let display = LobbyDisplay::new().expect("display");
    display.window().set_size(slint::LogicalSize::new(1920.0, 1080.0));
    let calls = |n: usize| {
        ["B007", "W012", "B006", "P003", "S002", "W011"]
            .iter()
            .zip([3, 10, 1, 2, 6, 5])
            .take(n)
            .map(|(n, c)| CallOut { number: (*n).into(), counter: c, service: String::new(), called_at: None })
            .collect::<Vec<_>>()
    };
    for english in [false, true] {
        select_language(english);
        let lang = if english { "en" } else { "zh" };
        for (state, shown, reconnecting) in [("", 5, false), ("-reconnecting", 5, true), ("-empty", 0, false)] {
            let board = Board {
                calls: calls(shown),
                waiting: vec![
                    ("maintenance".into(), 4),
                    ("repair".into(), 2),
                    ("body_paint".into(), 1),
                    ("warranty".into(), 0),
                ],
                reconnecting,
            };
            frontdesk_kiosk::display::render(&display, &board, english);
            display.global::<frontdesk_kiosk::slint_generated::LobbyAdapter>().set_clock("09:41".into());
            let shot = display.window().take_snapshot().expect("snapshot");
            assert!(
                shot.as_slice().iter().filter(|p| p.r > 200 && p.g > 200 && p.b > 200).count() > 20_000,
                "white text on the board"
            );
            // Nothing runs off the bottom: the last 48 px are the board's margin.
            let w = shot.width() as usize;
            let bottom = shot.as_slice()[(1080 - 40) * w..].iter().filter(|p| p.r > 30 || p.g > 50 || p.b > 70).count();
            assert_eq!(bottom, 0, "display-{lang}{state}: something is drawn into the bottom margin");
            save(&dir, &format!("display-{lang}{state}"), &shot);
        }
    }
}
