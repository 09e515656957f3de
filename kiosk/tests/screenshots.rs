//! Renders every kiosk screen (Chinese and English) and the lobby display with Slint's
//! software renderer, without a display, and checks that text was drawn. With
//! FRONTDESK_SCREENSHOTS=DIR set, the PNGs (half size) are written there; the ones in
//! docs/screenshots/ come from `FRONTDESK_SCREENSHOTS=docs/screenshots cargo test -p
//! frontdesk-kiosk --test screenshots`.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use frontdesk_kiosk::board::{Board, CallOut};
use frontdesk_kiosk::flow::{Controller, Flow, Screen, Timing};
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
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
    });
    add("04-last4", &|c| {
        c.start(Flow::Appointment);
        for k in ["沪", "A", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.proceed();
        c.key("5");
        c.key("6");
    });
    add("05-phone", &|c| {
        c.start(Flow::Booking);
        for k in ["京", "A", "D", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.proceed();
        for k in ["1", "3", "8", "1", "2"] {
            c.key(k);
        }
    });
    add("06-code", &|c| {
        c.start(Flow::AppointmentByCode);
        for k in ["K", "7", "M"] {
            c.key(k);
        }
    });
    add("07-surname", &|c| {
        c.flow = Some(Flow::WalkIn);
        c.screen = Screen::Surname;
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
    let identified = IdentifiedView {
        masked_name: "张*".into(),
        masked_phone: "138****5678".into(),
        vehicle_model: "大众帕萨特".into(),
        appointments: vec![AppointmentView {
            code: "K7M3QX".into(),
            service: "maintenance".into(),
            start: at(10, 0),
            local_date: "2030-03-04".into(),
            masked_name: "张*".into(),
            masked_phone: "138****5678".into(),
            plate: "沪A12345".into(),
        }],
        progress: Some(ProgressView {
            stage: 2,
            promised: Some(at(17, 0)),
            parts_date: Some("2030-03-06".into()),
            reached: vec![Some(at(9, 10)), Some(at(9, 40)), Some(at(11, 5)), None, None, None],
        }),
    };
    let found = identified.clone();
    add("11-confirm-appointment", &move |c| {
        c.flow = Some(Flow::Appointment);
        c.identified = Some(found.clone());
        c.screen = Screen::ConfirmAppointment;
    });
    add("12-confirm-booking", &|c| {
        c.start(Flow::Booking);
        for k in ["京", "A", "D", "1", "2", "3", "4", "5"] {
            c.key(k);
        }
        c.proceed();
        for k in "13812345678".chars() {
            c.key(&k.to_string());
        }
        c.service = Some("maintenance".into());
        c.slot = Some(at(10, 30) + chrono::Duration::days(1));
        c.screen = Screen::ConfirmBooking;
    });
    add("13-busy", &|c| c.screen = Screen::Busy);
    let ticket = TicketView {
        number: "B007".into(),
        local_date: "2030-03-04".into(),
        service: "maintenance".into(),
        position: 3,
        wait_minutes: 25,
        counter: 0,
        masked_plate: "沪A***45".into(),
        appointment: false,
        existing: false,
    };
    let waiting = ticket.clone();
    add("14-ticket", &move |c| {
        c.ticket = Some(waiting.clone());
        c.screen = Screen::Ticket;
    });
    let called = TicketView { counter: 3, position: 0, ..ticket };
    add("15-ticket-called", &move |c| {
        c.ticket = Some(called.clone());
        c.screen = Screen::Ticket;
    });
    add("16-booked", &|c| {
        c.booked_code = Some("K7M3QX".into());
        c.plate.key("京");
        for k in ["A", "D", "1", "2", "3", "4", "5"] {
            c.plate.key(k);
        }
        c.service = Some("maintenance".into());
        c.slot = Some(at(10, 30) + chrono::Duration::days(1));
        c.screen = Screen::Booked;
    });
    let progress = identified.clone();
    add("17-progress", &move |c| {
        c.flow = Some(Flow::MyCar);
        c.identified = Some(progress.clone());
        c.screen = Screen::Progress;
    });
    add("18-cancelled", &|c| c.screen = Screen::Cancelled);
    add("19-queued", &|c| c.screen = Screen::Queued);
    add("20-message", &|c| {
        c.message = Some("SLOT_FULL".into());
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

#[test]
fn every_screen_renders_with_chinese_glyphs_in_both_languages() {
    slint::platform::set_platform(Box::new(TestingBackend::new(TestingBackendOptions {
        mock_time: true,
        threading: false,
        renderer_name: Some("software".into()),
    })))
    .expect("platform");
    let dir = std::env::var_os("FRONTDESK_SCREENSHOTS").map(PathBuf::from);
    let window = KioskWindow::new().expect("window");
    window.window().set_size(slint::LogicalSize::new(1080.0, 1920.0));
    for english in [false, true] {
        select_language(english);
        for (name, controller) in screens() {
            let shared = Shared { controller, english, landscape: false };
            render(&window, &shared);
            let shot = window.window().take_snapshot().expect("snapshot");
            assert_eq!((shot.width(), shot.height()), (1080, 1920));
            save(&dir, &format!("kiosk-{}-{name}", if english { "en" } else { "zh" }), &shot);
            // The page below the header must carry text: glyphs drew.
            let dark = ink(&shot, 130, 1900);
            assert!(dark > 2_000, "{name} ({}) drew no text ({dark} dark pixels)", if english { "en" } else { "zh" });
        }
    }

    let display = LobbyDisplay::new().expect("display");
    display.window().set_size(slint::LogicalSize::new(1920.0, 1080.0));
    for english in [false, true] {
        select_language(english);
        let board = Board {
            calls: ["B007", "W012", "B006", "P003"]
                .iter()
                .zip([3, 5, 1, 2])
                .map(|(n, c)| CallOut { number: (*n).into(), counter: c, service: String::new() })
                .collect(),
            waiting: vec![
                ("maintenance".into(), 4),
                ("repair".into(), 2),
                ("body_paint".into(), 1),
                ("warranty".into(), 0),
            ],
            reconnecting: english,
        };
        frontdesk_kiosk::display::render(&display, &board, english);
        display.global::<frontdesk_kiosk::slint_generated::DisplayState>().set_clock("09:41".into());
        let shot = display.window().take_snapshot().expect("snapshot");
        assert!(
            shot.as_slice().iter().filter(|p| p.r > 200 && p.g > 200 && p.b > 200).count() > 20_000,
            "white text on the board"
        );
        save(&dir, &format!("display-{}", if english { "en-reconnecting" } else { "zh" }), &shot);
    }
}
