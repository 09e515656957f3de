//! Each kiosk flow driven through the real window with the Slint testing backend,
//! from the home screen to its final screen, finding every button by its accessible
//! label (what the customer reads), against a real server on port 0. The touches of
//! each flow are counted in `touches.rs`.

mod common;

use common::World;
use common::window::{buttons, enabled, open, screen, shows, tap, type_in};
use frontdesk_kiosk::KioskWindow;
use frontdesk_kiosk::slint_generated::{BookedAdapter, EntryAdapter, Messages, ProgressAdapter, Screen, TicketAdapter};
use frontdesk_kiosk::ui;
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{shanghai, ts};
use slint::ComponentHandle;

#[test]
fn walk_in_with_a_new_plate_to_the_ticket() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    assert!(shows(ui, "欢迎光临售后服务中心"), "Chinese first");
    tap(ui, "直接到店");
    assert_eq!(screen(ui), Screen::Plate);
    type_in(ui, "沪A1234");
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "沪A1234");
    type_in(ui, "5");
    assert_eq!(screen(ui), Screen::Service, "the plate's seventh character goes on by itself");
    tap(ui, "维修");
    assert_eq!(screen(ui), Screen::Phone, "a plate not on file asks for the phone");
    type_in(ui, "13912345678");
    assert_eq!(screen(ui), Screen::Surname, "the eleventh digit goes on by itself");
    // A surname tap chooses it and stays; tapped again it is taken back.
    tap(ui, "王");
    assert_eq!(screen(ui), Screen::Surname, "a tap does not check in at once");
    assert!(shows(ui, "已选：王（再点一次可取消）"));
    tap(ui, "王");
    assert!(shows(ui, "方便服务顾问称呼您") && !enabled(ui, "下一步"), "taken back");
    tap(ui, "李");
    tap(ui, "下一步");
    assert_eq!(screen(ui), Screen::Ticket);
    assert!(shows(ui, "W001"), "the number, large");
    assert!(shows(ui, "下一位就是您"));
    assert!(shows(ui, "排队号二维码"), "a QR code of the ticket");
    assert_eq!(world.tickets()[0].customer_name, "李");
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
    assert!(shows(ui, "车牌 沪B54321"), "the digits screen says which plate");
    type_in(ui, "5678");
    assert_eq!(screen(ui), Screen::Ticket, "the fourth digit checks in");
    assert!(shows(ui, "B001"));
    assert!(shows(ui, "保养 · 沪B***21 · 张*"), "whose appointment, masked");
    assert!(!shows(ui, "张三") && !shows(ui, "13812345678"));
    assert!(shows(ui, "您的预约是今天 10:00。预约时间前 30 分钟起优先为您叫号。"), "an hour early: when the slot is");

    tap(ui, "返回首页");
    tap(ui, "用预约码签到");
    type_in(ui, &code);
    assert_eq!(screen(ui), Screen::Ticket, "the code's sixth character checks in");
    assert!(shows(ui, "B002"));
}

#[test]
fn booking_in_english_shows_full_slots_disabled_and_ends_with_a_code_and_its_qr() {
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
    type_in(ui, "13700001111");
    tap(ui, "Body & paint / claim");
    assert!(!buttons(ui, "Today").is_empty(), "today by name");
    let tomorrow = buttons(ui, "Tomorrow");
    assert_eq!(tomorrow[0].accessible_description().as_deref(), Some("Tue 5 Mar"), "with its date");
    tap(ui, "Tomorrow");
    assert_eq!(screen(ui), Screen::Slot);
    let full = buttons(ui, "09:00");
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].accessible_enabled(), Some(false), "a full slot is visibly disabled");
    tap(ui, "09:30");
    assert_eq!(screen(ui), Screen::ConfirmBooking);
    assert!(shows(ui, "137****1111"), "the phone shown masked");
    assert!(shows(ui, "Tomorrow Tue 5 Mar 09:30"));
    tap(ui, "Confirm booking");
    assert_eq!(screen(ui), Screen::Booked);
    let code = ui.global::<BookedAdapter>().get_code().to_string();
    assert_eq!(code.len(), 6);
    assert!(shows(ui, &code), "the code on screen");
    assert!(shows(ui, "QR code of your booking"), "and its QR code to take away");
}

#[test]
fn my_car_shows_the_repair_stage_in_the_desk_words_and_which_car() {
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
        let conn = world.server.connect_with_token(&advisor).await;
        frontdesk_tests::agree_estimate(&conn, &visit.work_order).await;
        let mut visits = conn.visits();
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
    type_in(ui, "5678");
    assert_eq!(screen(ui), Screen::Progress);
    assert!(shows(ui, "沪K***45"), "which car, masked");
    for word in ["待检", "维修中", "质检", "待交车", "已交车"] {
        assert!(shows(ui, word), "{word}");
    }
    assert!(!shows(ui, "待料"), "the car never waited for parts: no such step");
    let stages = ui.global::<ProgressAdapter>().get_stages();
    let steps: Vec<(i32, bool, bool)> = slint::Model::iter(&stages).map(|s| (s.stage, s.done, s.current)).collect();
    assert_eq!(
        steps,
        [(0, true, false), (1, true, false), (3, false, true), (4, false, false), (5, false, false)],
        "received and in repair done; quality check now; pickup and handover ahead"
    );
    assert!(shows(ui, "3月4日 周一 17:00"), "the promised time");
}

#[test]
fn a_car_in_the_workshop_shows_its_progress_instead_of_a_ticket() {
    let world = World::new();
    world.in_the_workshop("沪K54321", "13912340000");
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "直接到店");
    type_in(ui, "沪K54321");
    tap(ui, "维修");
    assert_eq!(screen(ui), Screen::Last4, "a bare plate is asked the digits before the repair is shown");
    assert!(shows(ui, "您的车辆 沪K54321 正在我们的车间。输入手机号后四位即可查看维修进度。"));
    type_in(ui, "0000");
    assert_eq!(screen(ui), Screen::Progress);
    assert!(shows(ui, "沪K***21") && shows(ui, "维修中"));
    assert!(ui.global::<TicketAdapter>().get_number().is_empty(), "no ticket");
}

#[test]
fn a_car_not_in_the_workshop_is_offered_the_home_screen_not_a_retry() {
    let world = World::new();
    world.book_today("沪K77777", "13977770000", 15, 0);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "查询维修进度");
    type_in(ui, "沪K77777");
    type_in(ui, "0000");
    assert_eq!(screen(ui), Screen::Message);
    assert!(shows(ui, "您的车辆目前不在我们的维修车间。"));
    assert!(buttons(ui, "重试").is_empty(), "typing again would not help");
    tap(ui, "返回首页");
    assert_eq!(screen(ui), Screen::Home);
}

#[test]
fn an_appointment_on_another_day_says_when_it_is() {
    let world = World::new();
    let code = world.book("沪B77777", "13877777777", 5, 9, 30);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "用预约码签到");
    type_in(ui, &code);
    assert_eq!(screen(ui), Screen::Message);
    assert!(shows(ui, "您的预约是明天 09:30。您可以现在直接到店签到，或到时再来。"));
    tap(ui, "直接到店签到");
    assert_eq!(screen(ui), Screen::Plate);
    tap(ui, "首页");
    tap(ui, "English");
    tap(ui, "I have an appointment");
    type_in(ui, "沪B77777");
    type_in(ui, "7777");
    assert!(shows(ui, "Your appointment is tomorrow at 09:30. You can check in as a walk-in now, or come back then."));
}

#[test]
fn cancelling_shows_the_booking_asks_to_confirm_and_a_wrong_last4_is_typed_afresh() {
    let world = World::new();
    let code = world.book_today("沪C11111", "13611112222", 15, 0);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "取消预约");
    type_in(ui, &code);
    assert!(shows(ui, &format!("预约码 {code}")), "the digits screen says which booking");
    type_in(ui, "0000");
    assert_eq!(screen(ui), Screen::Message);
    assert!(shows(ui, "没有找到该预约，请核对预约码和手机后四位。"), "the reason in the customer's words");
    tap(ui, "重试");
    assert_eq!(screen(ui), Screen::Last4);
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "", "the wrong digits are gone");
    type_in(ui, "2222");
    assert_eq!(screen(ui), Screen::ConfirmCancel, "what is about to be cancelled, first");
    assert!(shows(ui, "确定取消这个预约吗？") && shows(ui, "今天 3月4日 周一 15:00") && shows(ui, "保养"));
    assert_eq!(world.appointments(4)[0].status, pb::AppointmentStatus::Booked as i32, "nothing cancelled yet");
    tap(ui, "确认取消");
    assert_eq!(screen(ui), Screen::Cancelled);
    assert!(shows(ui, "预约已取消") && shows(ui, "今天 3月4日 周一 15:00"), "and what was cancelled");
    assert_eq!(world.appointments(4)[0].status, pb::AppointmentStatus::Cancelled as i32);
}

#[test]
fn a_lost_code_is_no_obstacle_to_cancelling() {
    let world = World::new();
    world.book("沪C33333", "13633334444", 6, 11, 0);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "取消预约");
    tap(ui, "忘记预约码？用车牌号查找");
    type_in(ui, "沪C33333");
    type_in(ui, "4444");
    assert_eq!(screen(ui), Screen::ConfirmCancel);
    assert!(shows(ui, "3月6日 周三 11:00"));
    tap(ui, "确认取消");
    assert_eq!(screen(ui), Screen::Cancelled);
}

#[test]
fn each_flow_has_its_own_header_title() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    assert!(shows(ui, "自助服务"));
    for (button, title) in [
        ("预约签到", "预约签到"),
        ("用预约码签到", "用预约码签到"),
        ("直接到店", "直接到店"),
        ("预约保养", "预约保养"),
        ("查询维修进度", "查询维修进度"),
        ("取消预约", "取消预约"),
    ] {
        tap(ui, button);
        assert!(shows(ui, title), "{button}: the header says {title}");
        assert!(!shows(ui, "自助签到") && !shows(ui, "自助服务"), "{button}: not the same title everywhere");
        tap(ui, "首页");
    }
}

#[test]
fn someone_registered_while_the_server_is_down_gets_a_provisional_number() {
    let mut world = World::new();
    world.book("沪H30001", "13530001111", 6, 10, 0);
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "直接到店");
    world.runtime.block_on(world.server.halt());
    type_in(ui, "沪H30001");
    tap(ui, "维修");
    assert_eq!(screen(ui), Screen::Last4, "only the last four digits, as online");
    assert!(!buttons(ui, "首次到店？请输入完整手机号").is_empty(), "a new customer can give the whole number");
    type_in(ui, "1111");
    assert_eq!(screen(ui), Screen::Queued);
    assert!(shows(ui, "您的临时登记号") && shows(ui, "L-0304-01"), "a number to show at the desk");
}

#[test]
fn the_phone_pad_refuses_digits_that_no_mobile_number_starts_with() {
    let world = World::new();
    let kiosk = open(&world);
    let ui = &kiosk.window;
    tap(ui, "预约保养");
    type_in(ui, "京AD12345");
    assert_eq!(screen(ui), Screen::Phone);
    assert!(enabled(ui, "1") && !enabled(ui, "2") && !enabled(ui, "0"), "a mobile number starts with 1");
    tap(ui, "1");
    let second: Vec<bool> = "0123456789".chars().map(|d| enabled(ui, &d.to_string())).collect();
    assert_eq!(second, [false, false, false, true, true, true, true, true, true, true], "then 3 to 9");
    // Pressed anyway (a disabled key does nothing): 10000000000 cannot be typed.
    for _ in 0..10 {
        buttons(ui, "0")[0].invoke_accessible_default_action();
    }
    assert_eq!(ui.global::<EntryAdapter>().get_text(), "1");
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
        for reason in reasons.map(|r| r.code().to_owned()).chain(
            ["NO_MATCH", "NO_APPOINTMENT_TODAY", "NO_OPEN_VISIT", "NO_BOOKED_APPOINTMENT", "SERVER_DOWN"]
                .map(String::from),
        ) {
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
    "NO_BOOKED_APPOINTMENT",
    "SERVER_DOWN",
    "FIELD_REQUIRED",
    "FIELD_INVALID",
    "VISIT_ALREADY_OPEN",
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
