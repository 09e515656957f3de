//! Renders every kiosk screen (Chinese and English, portrait and landscape) and the
//! lobby display with Slint's software renderer, without a display, and checks that
//! text drew (the header's Chinese title too) and that every button fits on the
//! screen, is large enough to touch and overlaps no other. With
//! FRONTDESK_SCREENSHOTS=DIR set, the PNGs (half size) are written there; the ones in
//! docs/screenshots/ come from `FRONTDESK_SCREENSHOTS=docs/screenshots cargo test -p
//! frontdesk-kiosk --test screenshots`.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use frontdesk_kiosk::board::{Board, CallOut};
use frontdesk_kiosk::flow::{Controller, Failure, Flow, Screen, Timing};
use frontdesk_kiosk::ui::{Shared, render, select_language};
use frontdesk_kiosk::views::{AppointmentView, IdentifiedView, ProgressView, SlotChoice, TicketView, booking_days};
use frontdesk_kiosk::{KioskWindow, LobbyDisplay};
use i_slint_backend_testing::{TestingBackend, TestingBackendOptions};
use slint::ComponentHandle;

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2030, 3, 4, h, m, 0).single().expect("valid").with_timezone(&Utc)
}

fn controller() -> Controller {
    Controller::new(Timing::default(), chrono_tz::Asia::Shanghai, Arc::new(|| at(9, 0)))
}

/// Every screen worth a picture, as a controller in that state.
fn screens() -> Vec<(&'static str, Controller)> {
    let mut out = Vec::new();
    let mut add = |name: &'static str, setup: &dyn Fn(&mut Controller)| {
        let mut c = controller();
        setup(&mut c);
        out.push((name, c));
    };
    add("01-home", &|_| {});
    add("02-plate-province", &|c| {
        c.start(Flow::WalkIn);
    });
    add("03-plate-typing", &|c| {
        c.start(Flow::Appointment);
        for k in ["沪", "A", "1", "2"] {
            c.key(k);
        }
    });
    add("03b-plate-new-energy", &|c| {
        c.start(Flow::Appointment);
        // D third: an 8th character is expected; 下一步 takes the 7 of an ordinary plate.
        for k in ["粤", "B", "D", "1", "2", "3", "4"] {
            c.key(k);
        }
    });
    add("04-last4", &|c| {
        c.start(Flow::Appointment);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.key("5");
        c.key("6");
    });
    add("05-phone", &|c| {
        c.start(Flow::Booking);
        for k in ["京", "A", "D", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        for k in ["1", "3", "8", "1", "2"] {
            c.key(k);
        }
    });
    add("04b-last4-offline", &|c| {
        c.start(Flow::WalkIn);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.service = Some("repair".into());
        c.offline = true;
        c.screen = Screen::Last4;
    });
    add("04c-last4-in-workshop", &|c| {
        c.start(Flow::WalkIn);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.service = Some("repair".into());
        c.in_workshop = true;
        c.screen = Screen::Last4;
    });
    add("05b-phone-offline", &|c| {
        c.start(Flow::WalkIn);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.service = Some("repair".into());
        c.offline = true;
        c.screen = Screen::Phone;
    });
    add("06-code", &|c| {
        c.start(Flow::AppointmentByCode);
        for k in ["K", "7", "M"] {
            c.key(k);
        }
    });
    add("06b-code-cancel", &|c| {
        c.start(Flow::Cancel);
        c.key("K");
    });
    add("07-surname", &|c| {
        c.flow = Some(Flow::WalkIn);
        c.screen = Screen::Surname;
    });
    add("07b-surname-chosen", &|c| {
        c.flow = Some(Flow::WalkIn);
        c.screen = Screen::Surname;
        c.choose_surname("王");
    });
    add("08-service", &|c| {
        c.flow = Some(Flow::Booking);
        c.screen = Screen::Service;
    });
    add("09-day", &|c| {
        c.flow = Some(Flow::Booking);
        c.days = booking_days(c.today());
        c.screen = Screen::Day;
    });
    add("10-slot", &|c| {
        c.flow = Some(Flow::Booking);
        c.day = Some(c.today() + chrono::Duration::days(1));
        c.slots = (0..18)
            .map(|i| SlotChoice {
                start: at(8, 30) + chrono::Duration::days(1) + chrono::Duration::minutes(30 * i),
                remaining: [3, 2, 0, 1, 3, 0][i as usize % 6],
                bookable: ![2, 5].contains(&(i % 6)),
            })
            .collect();
        c.screen = Screen::Slot;
    });
    add("10b-slot-none", &|c| {
        c.flow = Some(Flow::Booking);
        c.day = Some(c.today() + chrono::Duration::days(3));
        c.screen = Screen::Slot;
    });
    let booked = |day: i64, h: u32, m: u32, code: &str| AppointmentView {
        code: code.into(),
        service: "maintenance".into(),
        start: at(h, m) + chrono::Duration::days(day),
        local_date: format!("2030-03-{:02}", 4 + day),
        masked_name: "张*".into(),
        masked_phone: "138****5678".into(),
        plate: "沪A12345".into(),
    };
    let identified = IdentifiedView {
        masked_name: "张*".into(),
        masked_phone: "138****5678".into(),
        vehicle_model: "大众帕萨特".into(),
        appointments: vec![booked(1, 9, 30, "K7M3QX"), booked(8, 14, 0, "P4W8NC")],
        progress: Some(ProgressView {
            stage: 2,
            promised: Some(at(17, 0) + chrono::Duration::days(2)),
            parts_date: Some("2030-03-06".into()),
            reached: vec![Some(at(9, 10)), Some(at(9, 40)), Some(at(11, 5)), None, None, None],
            masked_plate: "沪A***45".into(),
            vehicle_model: "大众帕萨特".into(),
        }),
    };
    let tomorrow = booked(1, 9, 30, "K7M3QX");
    add("11-confirm-cancel", &move |c| {
        c.flow = Some(Flow::Cancel);
        c.cancelling = Some(tomorrow.clone());
        c.screen = Screen::ConfirmCancel;
    });
    let found = identified.clone();
    add("11b-choose-appointment", &move |c| {
        c.flow = Some(Flow::CancelByPlate);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.plate.key(k);
        }
        c.identified = Some(found.clone());
        c.screen = Screen::ChooseAppointment;
    });
    add("12-confirm-booking", &|c| {
        c.start(Flow::Booking);
        for k in ["京", "A", "D", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        for k in "13812345678".chars() {
            c.key(&k.to_string());
        }
        c.service = Some("maintenance".into());
        c.slot = Some(at(10, 30) + chrono::Duration::days(1));
        c.screen = Screen::ConfirmBooking;
    });
    add("13-busy", &|c| {
        c.flow = Some(Flow::Appointment);
        c.screen = Screen::Busy;
    });
    let ticket = TicketView {
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
    };
    let waiting = ticket.clone();
    add("14-ticket", &move |c| {
        c.flow = Some(Flow::WalkIn);
        c.ticket = Some(waiting.clone());
        c.screen = Screen::Ticket;
    });
    let again = TicketView { existing: true, ..ticket.clone() };
    add("14b-ticket-existing", &move |c| {
        c.flow = Some(Flow::WalkIn);
        c.ticket = Some(again.clone());
        c.screen = Screen::Ticket;
    });
    let early = TicketView {
        number: "A003".into(),
        masked_name: "张*".into(),
        appointment: true,
        appointment_start: Some(at(14, 0)),
        priority_from: Some(at(13, 30)),
        position: 1,
        wait_minutes: 5,
        ..ticket.clone()
    };
    add("14c-ticket-early", &move |c| {
        c.flow = Some(Flow::Appointment);
        c.ticket = Some(early.clone());
        c.screen = Screen::Ticket;
    });
    let called = TicketView { counter: 3, position: 0, ..ticket };
    add("15-ticket-called", &move |c| {
        c.flow = Some(Flow::WalkIn);
        c.ticket = Some(called.clone());
        c.screen = Screen::Ticket;
    });
    add("16-booked", &|c| {
        c.flow = Some(Flow::Booking);
        c.booked_code = Some("K7M3QX".into());
        c.plate.key("京");
        for k in ["A", "D", "1", "2", "3", "4", "5"] {
            c.plate.key(k);
        }
        c.service = Some("maintenance".into());
        c.slot = Some(at(10, 30) + chrono::Duration::days(1));
        c.screen = Screen::Booked;
    });
    let progress = identified.progress.clone();
    add("17-progress", &move |c| {
        c.flow = Some(Flow::MyCar);
        c.progress = progress.clone();
        c.screen = Screen::Progress;
    });
    let checked = ProgressView {
        stage: 3,
        promised: Some(at(17, 0)),
        parts_date: None,
        reached: vec![Some(at(9, 10)), Some(at(9, 40)), Some(at(11, 5)), Some(at(15, 20)), None, None],
        masked_plate: "沪A***45".into(),
        vehicle_model: "大众帕萨特".into(),
    };
    add("17b-progress-quality-check", &move |c| {
        c.flow = Some(Flow::MyCar);
        c.progress = Some(checked.clone());
        c.screen = Screen::Progress;
    });
    // What a check-in by code is told of a car in the workshop: no history, no model.
    let told = ProgressView {
        stage: 1,
        promised: Some(at(17, 0)),
        parts_date: None,
        reached: vec![None; 6],
        masked_plate: "沪A***45".into(),
        vehicle_model: String::new(),
    };
    add("17c-progress-by-code", &move |c| {
        c.flow = Some(Flow::AppointmentByCode);
        c.progress = Some(told.clone());
        c.screen = Screen::Progress;
    });
    let cancelled = booked(1, 9, 30, "K7M3QX");
    add("18-cancelled", &move |c| {
        c.flow = Some(Flow::Cancel);
        c.cancelling = Some(cancelled.clone());
        c.screen = Screen::Cancelled;
    });
    add("19-queued", &|c| {
        c.flow = Some(Flow::WalkIn);
        c.provisional = Some("L-0304-07".into());
        c.screen = Screen::Queued;
    });
    add("20-message", &|c| {
        c.flow = Some(Flow::Booking);
        c.failure = Some(Failure::Reason(frontdesk_proto::ErrorReason::SlotFull));
        c.screen = Screen::Message;
    });
    add("20b-no-appointment-today", &|c| {
        c.flow = Some(Flow::Appointment);
        c.failure = Some(Failure::NoAppointmentToday);
        c.screen = Screen::Message;
    });
    add("20c-appointment-tomorrow", &|c| {
        c.flow = Some(Flow::AppointmentByCode);
        c.failure = Some(Failure::NotToday(Some(at(9, 30) + chrono::Duration::days(1))));
        c.screen = Screen::Message;
    });
    add("20d-not-in-the-workshop", &|c| {
        c.flow = Some(Flow::MyCar);
        c.failure = Some(Failure::NoOpenVisit);
        c.screen = Screen::Message;
    });
    add("21-countdown", &|c| {
        c.start(Flow::Appointment);
        c.key("沪");
        c.countdown = Some(7);
    });
    out
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
            display.global::<frontdesk_kiosk::slint_generated::DisplayState>().set_clock("09:41".into());
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
