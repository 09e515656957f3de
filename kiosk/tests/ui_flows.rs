//! Each kiosk flow driven through the real window with the Slint testing backend,
//! from the home screen to its final screen, finding every button by its accessible
//! label (what the customer reads), against a real server on port 0.

mod common;

use std::time::Duration;

use common::World;
use frontdesk_kiosk::KioskWindow;
use frontdesk_kiosk::slint_generated::{KioskState, Messages, Screen};
use frontdesk_kiosk::ui::{self, Kiosk, Runner};
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{shanghai, ts};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

fn open(world: &World) -> Kiosk {
    i_slint_backend_testing::init_no_event_loop();
    ui::connect(world.controller(), world.driver(), Runner::Block(world.runtime.handle().clone()), false, false)
        .expect("window")
}

fn settle() {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(1));
}

fn buttons(ui: &KioskWindow, label: &str) -> Vec<ElementHandle> {
    settle();
    ElementHandle::find_by_accessible_label(ui, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect()
}

#[track_caller]
fn tap(ui: &KioskWindow, label: &str) {
    let found = buttons(ui, label);
    assert_eq!(found.len(), 1, "one button labelled {label:?} on {:?}", ui.global::<KioskState>().get_screen());
    assert_eq!(found[0].accessible_enabled(), Some(true), "{label:?} is enabled");
    found[0].invoke_accessible_default_action();
}

fn type_in(ui: &KioskWindow, keys: &str) {
    for c in keys.chars() {
        tap(ui, &c.to_string());
    }
}

fn shows(ui: &KioskWindow, text: &str) -> bool {
    settle();
    ElementHandle::find_by_accessible_label(ui, text).next().is_some()
}

fn screen(ui: &KioskWindow) -> Screen {
    ui.global::<KioskState>().get_screen()
}

#[test]
fn walk_in_with_a_new_plate_to_the_ticket() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    assert!(shows(ui, "欢迎光临售后服务中心"), "Chinese first");
    tap(ui, "直接到店");
    assert_eq!(screen(ui), Screen::Plate);
    type_in(ui, "沪A12345");
    assert_eq!(ui.global::<KioskState>().get_entry(), "沪A12345");
    assert!(shows(ui, "✓ 车牌已输完"), "live validation");
    tap(ui, "下一步");
    tap(ui, "维修");
    assert_eq!(screen(ui), Screen::Phone, "a plate not on file asks for the phone");
    type_in(ui, "13912345678");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Surname);
    tap(ui, "王");
    assert_eq!(screen(ui), Screen::Ticket);
    assert!(shows(ui, "W001"), "the number, large");
    assert!(shows(ui, "下一位就是您"));
    assert!(shows(ui, "排队号二维码"), "a QR code of the ticket");
}

#[test]
fn appointment_check_in_by_plate_and_by_code() {
    let world = World::new();
    world.book_today("沪B54321", "13812345678", 10, 0);
    let code = world.book_today("沪C65432", "13712345678", 10, 30);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "预约签到");
    type_in(ui, "沪B54321");
    tap(ui, "下一步");
    type_in(ui, "5678");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::ConfirmAppointment);
    assert!(shows(ui, "张*") && shows(ui, "138****5678"), "the appointment, masked");
    assert!(!shows(ui, "张三") && !shows(ui, "13812345678"));
    tap(ui, "确认签到");
    assert_eq!(screen(ui), Screen::Ticket);
    assert!(shows(ui, "B001"));

    tap(ui, "返回首页");
    tap(ui, "用预约码签到");
    type_in(ui, &code);
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Ticket);
    assert!(shows(ui, "B002"));
}

#[test]
fn booking_in_english_shows_full_slots_disabled_and_ends_with_a_code() {
    let world = World::new();
    // Fill the 09:00 body & paint slot tomorrow (it has one seat).
    world.runtime.block_on(async {
        let mut desk = world.server.connect(Role::Advisor).await.appointments();
        desk.create_appointment(pb::CreateAppointmentRequest {
            request_id: "fill".into(),
            plate: "沪F00001".into(),
            phone: "13600000001".into(),
            service_code: "body_paint".into(),
            slot_start: ts(shanghai(5, 9, 0)),
            ..Default::default()
        })
        .await
        .expect("books");
    });
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "English");
    assert!(shows(ui, "Welcome to our service center"));
    tap(ui, "Book a service");
    type_in(ui, "京AD12345");
    tap(ui, "Next");
    type_in(ui, "13700001111");
    tap(ui, "Next");
    tap(ui, "Body & paint / claim");
    tap(ui, "Tue 5 Mar");
    assert_eq!(screen(ui), Screen::Slot);
    let full = buttons(ui, "09:00");
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].accessible_enabled(), Some(false), "a full slot is visibly disabled");
    tap(ui, "09:30");
    assert_eq!(screen(ui), Screen::ConfirmBooking);
    assert!(shows(ui, "137****1111"), "the phone shown masked");
    tap(ui, "Confirm booking");
    assert_eq!(screen(ui), Screen::Booked);
    let code = ui.global::<KioskState>().get_booked_code().to_string();
    assert_eq!(code.len(), 6);
    assert!(shows(ui, &code), "the code on screen");
}

#[test]
fn my_car_shows_the_repair_stage_in_the_desk_words() {
    let world = World::new();
    let (_, advisor) = world.runtime.block_on(world.server.add_advisor("甲", 2, &["repair"]));
    world.runtime.block_on(async {
        let mut kiosk = world.server.connect(Role::Kiosk).await.kiosk();
        kiosk
            .check_in(pb::CheckInRequest {
                request_id: "car".into(),
                plate: "沪K12345".into(),
                service_code: "repair".into(),
                phone: "13912345678".into(),
                ..Default::default()
            })
            .await
            .expect("checks in");
        let mut queue = world.server.connect_with_token(&advisor).await.queue();
        let t = queue
            .pull_next_ticket(pb::PullNextTicketRequest::default())
            .await
            .expect("pulls")
            .into_inner()
            .ticket
            .expect("t");
        queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
        let visit = frontdesk_tests::complete(&mut queue, t.ticket_id).await;
        let mut visits = world.server.connect_with_token(&advisor).await.visits();
        for stage in [pb::VisitStage::InRepair, pb::VisitStage::QualityCheck] {
            visits
                .update_visit_stage(pb::UpdateVisitStageRequest {
                    work_order: visit.work_order.clone(),
                    stage: stage as i32,
                    ..Default::default()
                })
                .await
                .expect("moves");
        }
    });
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "查询维修进度");
    type_in(ui, "沪K12345");
    tap(ui, "下一步");
    type_in(ui, "5678");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Progress);
    for word in ["待检", "维修中", "质检", "待交车", "已交车"] {
        assert!(shows(ui, word), "{word}");
    }
    assert!(!shows(ui, "待料"), "the car never waited for parts: no such step");
    let stages = ui.global::<KioskState>().get_stages();
    let steps: Vec<(i32, bool, bool)> = slint::Model::iter(&stages).map(|s| (s.stage, s.done, s.current)).collect();
    assert_eq!(
        steps,
        [(0, true, false), (1, true, false), (3, false, true), (4, false, false), (5, false, false)],
        "received and in repair done; quality check now; pickup and handover ahead"
    );
    assert!(shows(ui, "3月4日 周一 17:00"), "the promised time");
}

#[test]
fn cancelling_and_a_wrong_last4_message() {
    let world = World::new();
    let code = world.book_today("沪C11111", "13611112222", 15, 0);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "取消预约");
    type_in(ui, &code);
    tap(ui, "下一步");
    type_in(ui, "0000");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Message);
    assert!(shows(ui, "没有找到该预约，请核对预约码和手机后四位。"), "the reason in the customer's words");
    tap(ui, "重试");
    assert_eq!(screen(ui), Screen::Last4);
    for _ in 0..4 {
        tap(ui, "删除");
    }
    type_in(ui, "2222");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Cancelled);
    assert!(shows(ui, "预约已取消"));
}

fn enabled(ui: &KioskWindow, label: &str) -> bool {
    let found = buttons(ui, label);
    assert_eq!(found.len(), 1, "one key {label:?}");
    found[0].accessible_enabled() == Some(true)
}

#[test]
fn the_phone_pad_refuses_digits_that_no_mobile_number_starts_with() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "预约保养");
    type_in(ui, "京AD12345");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Phone);
    assert!(enabled(ui, "1") && !enabled(ui, "2") && !enabled(ui, "0"), "a mobile number starts with 1");
    tap(ui, "1");
    let second: Vec<bool> = "0123456789".chars().map(|d| enabled(ui, &d.to_string())).collect();
    assert_eq!(second, [false, false, false, true, true, true, true, true, true, true], "then 3 to 9");
    // Pressed anyway (a disabled key does nothing): 10000000000 cannot be typed.
    for _ in 0..10 {
        buttons(ui, "0")[0].invoke_accessible_default_action();
    }
    assert_eq!(ui.global::<KioskState>().get_entry(), "1");
}

#[test]
fn every_error_reason_has_its_own_sentence_in_both_languages() {
    i_slint_backend_testing::init_no_event_loop();
    let ui = KioskWindow::new().expect("window");
    let generic = {
        ui::select_language(false);
        ui.global::<Messages>().invoke_text("NO_SUCH_REASON".into())
    };
    for english in [false, true] {
        ui::select_language(english);
        let messages = ui.global::<Messages>();
        let reasons = (1..1000).filter_map(|n| frontdesk_proto::ErrorReason::try_from(n).ok());
        for reason in reasons
            .map(|r| r.code().to_owned())
            .chain(["NO_MATCH", "NO_APPOINTMENT_TODAY", "NO_OPEN_VISIT", "SERVER_DOWN"].map(String::from))
        {
            assert!(messages.invoke_known(reason.clone().into()), "{reason} has no sentence");
            let text = messages.invoke_text(reason.clone().into());
            let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if english {
                assert!(!chinese && text.chars().any(|c| c.is_ascii_alphabetic()), "{reason} in English: {text}");
            } else {
                assert!(chinese, "{reason} in Chinese: {text}");
            }
            // What a customer can run into at the kiosk gets its own sentence, not the
            // line that sends them to the desk.
            let desk = if english { "Please ask at the service desk." } else { "请到服务台咨询。" };
            if KIOSK_REASONS.contains(&reason.as_str()) {
                assert_ne!(text.as_str(), desk, "{reason} needs its own sentence");
            }
        }
    }
    assert!(!generic.is_empty());
}

/// The reasons the kiosk's own calls can meet.
const KIOSK_REASONS: &[&str] = &[
    "NO_MATCH",
    "NO_APPOINTMENT_TODAY",
    "NO_OPEN_VISIT",
    "SERVER_DOWN",
    "PLATE_INVALID",
    "PHONE_INVALID",
    "PHONE_LAST4_INVALID",
    "CONFIRMATION_CODE_INVALID",
    "SLOT_FULL",
    "SLOT_IN_PAST",
    "SLOT_TOO_SOON",
    "SLOT_BEYOND_HORIZON",
    "OUTSIDE_OPENING_HOURS",
    "DATE_CLOSED",
    "DAILY_CAPACITY_REACHED",
    "APPOINTMENT_NOT_ACTIVE",
    "APPOINTMENT_NOT_TODAY",
    "APPOINTMENT_EXISTS",
    "APPOINTMENT_NOT_FOUND",
    "PHONE_MISMATCH",
    "ARRIVAL_TIME_INVALID",
    "RATE_LIMITED",
];
