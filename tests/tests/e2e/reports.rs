//! The service manager's figures on a seeded history. Every expected number below is
//! worked out by hand from the history, in the comments, not recomputed by the code
//! under test.

use chrono::{DateTime, TimeZone, Utc};
use frontdesk_proto::ErrorReason;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::{CallOutcome as Outcome, CallTopic as Topic, TargetState as T};
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};
use tonic::Code;

use crate::followup::{call, of_customer};
use crate::{assert_rejected, check_in, desk_booking, request_id, walk_in};

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("valid").with_timezone(&Utc)
}

fn ratio(count: i32, total: i32) -> Option<pb::Ratio> {
    let rate = if total == 0 { 0.0 } else { f64::from(count) / f64::from(total) };
    Some(pb::Ratio { count, total, rate })
}

fn durations(count: i32, mean: i64, median: i64, p90: i64) -> Option<pb::Durations> {
    Some(pb::Durations { count, mean_seconds: mean, median_seconds: median, p90_seconds: p90 })
}

fn state(report: &pb::Report, key: &str) -> T {
    let line = report.lines.iter().find(|l| l.key == key).unwrap_or_else(|| panic!("no line {key}"));
    T::try_from(line.state).expect("known")
}

struct Desk<'a> {
    server: &'a TestServer,
}

impl Desk<'_> {
    fn at(&self, when: DateTime<Utc>) {
        self.server.clock.set(when);
    }

    async fn book(&self, plate: &str, phone: &str, slot: DateTime<Utc>) -> String {
        let mut desk = self.server.connect(Role::Supervisor).await.appointments();
        let booked = desk.create_appointment(desk_booking(plate, phone, "maintenance", slot)).await.expect("books");
        booked.into_inner().appointment.expect("appointment").confirmation_code
    }

    async fn arrive_with(&self, code: &str) {
        let request =
            pb::CheckInRequest { request_id: request_id(), confirmation_code: code.into(), ..Default::default() };
        self.server.connect(Role::Kiosk).await.kiosk().check_in(request).await.expect("checks in");
    }

    /// Pulls the next ticket at the token's counter; returns its id.
    async fn call_next(&self, token: &str) -> i64 {
        crate::pull(self.server, token).await.expect("pulls").0.ticket_id
    }

    /// Starts and finishes reception now; returns the visit's work order.
    async fn receive(&self, token: &str, ticket_id: i64, note: &str) -> (String, i64) {
        let mut queue = self.server.connect_with_token(token).await.queue();
        queue.start_service(pb::StartServiceRequest { ticket_id }).await.expect("starts");
        let now = self.server.running().app.now();
        let visit = queue
            .complete_service(pb::CompleteServiceRequest {
                ticket_id,
                mileage_km: 10_000,
                promised_ready_time: ts(now + chrono::Duration::hours(5)),
                callback_note: note.into(),
                ..Default::default()
            })
            .await
            .expect("completes")
            .into_inner()
            .visit
            .expect("visit");
        (visit.work_order, visit.customer_id)
    }

    async fn deliver(&self, token: &str, work_order: &str) {
        let conn = self.server.connect_with_token(token).await;
        frontdesk_tests::agree_estimate(&conn, work_order).await;
        let mut visits = conn.visits();
        for stage in [pb::VisitStage::InRepair, pb::VisitStage::QualityCheck, pb::VisitStage::Ready] {
            let r = pb::UpdateVisitStageRequest {
                work_order: work_order.into(),
                stage: stage as i32,
                ..Default::default()
            };
            visits.update_visit_stage(r).await.expect("moves");
        }
        frontdesk_tests::settle_and_pay(&conn, work_order).await;
        let r = pb::DeliverVehicleRequest { work_order: work_order.into(), note: String::new() };
        visits.deliver_vehicle(r).await.expect("delivers");
    }

    async fn record(&self, customer_id: i64, request: pb::RecordFollowUpCallRequest) -> pb::RecordFollowUpCallResponse {
        let id = of_customer(self.server, customer_id).await.follow_up_id;
        let request = pb::RecordFollowUpCallRequest { follow_up_id: id, ..request };
        let mut desk = self.server.connect(Role::Followup).await.followups();
        desk.record_follow_up_call(request).await.expect("records").into_inner()
    }

    async fn complaint(&self, plate: &str, content: &str) -> i64 {
        let mut desk = self.server.connect(Role::Followup).await.followups();
        let r = pb::LogInboundCallRequest {
            plate: plate.into(),
            inbound_kind: "COMPLAINT".into(),
            content: content.into(),
            ..Default::default()
        };
        desk.log_inbound_call(r).await.expect("logs").into_inner().escalation.expect("escalated").escalation_id
    }
}

#[tokio::test]
async fn the_figures_of_a_seeded_month_match_the_hand_count() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance", "repair"]).await;
    let (y_id, y) = server.add_advisor("乙", 3, &["maintenance", "repair"]).await;
    let desk = Desk { server: &server };

    // The day before: appointments A1 09:30, A2 10:00, A3 11:00 (never comes) and A4
    // 14:00 (cancelled) on 03-04, and A5 10:00 on 03-05 (never comes).
    desk.at(shanghai(3, 10, 0));
    let a1 = desk.book("沪R00002", "13900000002", shanghai(4, 9, 30)).await;
    let a2 = desk.book("沪R00004", "13900000004", shanghai(4, 10, 0)).await;
    desk.book("沪R00008", "13900000008", shanghai(4, 11, 0)).await;
    let a4 = desk.book("沪R00009", "13900000009", shanghai(4, 14, 0)).await;
    desk.book("沪R00010", "13900000010", shanghai(5, 10, 0)).await;
    let mut appointments = server.connect(Role::Supervisor).await.appointments();
    appointments
        .cancel_appointment(pb::CancelAppointmentRequest { confirmation_code: a4, reason: "改期".into() })
        .await
        .expect("cancels");

    // 03-04. W1 walks in 09:00, called 09:05 (wait 300 s), done 09:20 (reception 900 s).
    desk.at(shanghai(4, 9, 0));
    check_in(&server, walk_in("沪R00001", "13900000001", "maintenance")).await;
    desk.at(shanghai(4, 9, 5));
    let t = desk.call_next(&x).await;
    desk.at(shanghai(4, 9, 20));
    let (w1, w1_customer) = desk.receive(&x, t, "下午回访").await;
    // A1 arrives 09:25, called 09:30 by 乙 (wait 300), done 09:45 (900), no callback note.
    desk.at(shanghai(4, 9, 25));
    desk.arrive_with(&a1).await;
    desk.at(shanghai(4, 9, 30));
    let t = desk.call_next(&y).await;
    desk.at(shanghai(4, 9, 45));
    let (a1_wo, a1_customer) = desk.receive(&y, t, "").await;
    // W2 (repair) walks in 09:50, called 10:10 (wait 1200), done 10:40 (reception 1800).
    desk.at(shanghai(4, 9, 50));
    check_in(&server, walk_in("沪R00003", "13900000003", "repair")).await;
    desk.at(shanghai(4, 10, 10));
    let t = desk.call_next(&x).await;
    desk.at(shanghai(4, 10, 40));
    let (w2, w2_customer) = desk.receive(&x, t, "电话回访").await;
    // A2 arrives 10:50 for its 10:00 slot (late), called 11:00 (600), done 11:10 (600).
    desk.at(shanghai(4, 10, 50));
    desk.arrive_with(&a2).await;
    desk.at(shanghai(4, 11, 0));
    let t = desk.call_next(&y).await;
    desk.at(shanghai(4, 11, 10));
    let (a2_wo, a2_customer) = desk.receive(&y, t, "微信回访").await;
    // W3 (repair) walks in 11:30, called 11:35 (wait 300) and does not come: no-show.
    desk.at(shanghai(4, 11, 30));
    check_in(&server, walk_in("沪R00005", "13900000005", "repair")).await;
    desk.at(shanghai(4, 11, 35));
    let t = desk.call_next(&x).await;
    let mut xq = server.connect_with_token(&x).await.queue();
    xq.skip_ticket(pb::SkipTicketRequest { ticket_id: t }).await.expect("skips");
    // Deliveries: W1 and A1 at 12:00, W2 and A2 at 16:00; every #1 is due 03-07 to 03-11.
    desk.at(shanghai(4, 12, 0));
    desk.deliver(&x, &w1).await;
    desk.deliver(&y, &a1_wo).await;
    desk.at(shanghai(4, 16, 0));
    desk.deliver(&x, &w2).await;
    desk.deliver(&y, &a2_wo).await;

    // Follow-up calls. W1 #1 on 03-07 scored 5 (in window; opens #2 for 03-14..03-21).
    let reached = |score, topic| call(0, Outcome::Reached, score, &[topic]);
    desk.at(shanghai(7, 10, 0));
    desk.record(w1_customer, reached(5, Topic::VehicleCondition)).await;
    // A2 #1: no answer on 03-07, 03-08 and 03-09: a letter is due, never done.
    desk.record(a2_customer, call(0, Outcome::NoAnswer, 0, &[])).await;
    // A1 #1 on 03-08 scored 3 with a complaint not answered: escalation E1, the agent's
    // to research until the end of 03-10.
    desk.at(shanghai(8, 10, 0));
    let mut complaint = reached(3, Topic::ServiceOpinion);
    complaint.complaints = "等待时间太长".into();
    let e1 = desk.record(a1_customer, complaint).await.escalation.expect("E1").escalation_id;
    desk.record(a2_customer, call(0, Outcome::NoAnswer, 0, &[])).await;
    desk.at(shanghai(9, 10, 0));
    desk.record(a2_customer, call(0, Outcome::NoAnswer, 0, &[])).await;
    // E1 solved 03-09 15:00 (the supervisor stepping in) and the customer told at once:
    // in time, same day.
    desk.at(shanghai(9, 15, 0));
    let mut boss = server.connect(Role::Supervisor).await.followups();
    let solve = |escalation_id, told| pb::ResolveEscalationRequest {
        escalation_id,
        solution: "致歉并赠送洗车".into(),
        customer_told_now: told,
        ..Default::default()
    };
    boss.resolve_escalation(solve(e1, true)).await.expect("resolves");
    // E2: an inbound complaint 03-10 09:00, unsolved and unreported when the agent's two
    // days end (03-13 00:00): it reaches the supervisor late; solved 03-13 09:00, told
    // 03-14 (late).
    desk.at(shanghai(10, 9, 0));
    let e2 = desk.complaint("沪R00004", "空调不凉").await;
    desk.at(shanghai(13, 9, 0));
    boss.resolve_escalation(solve(e2, false)).await.expect("resolves");
    desk.at(shanghai(14, 10, 0));
    let notice = pb::RecordCustomerNoticeRequest { escalation_id: e2, ..Default::default() };
    boss.record_customer_notice(notice).await.expect("told");
    // W2 #1 on 03-12 (day 8: outside the window) scored 4; opens #2 for 03-19..03-26.
    desk.at(shanghai(12, 10, 0));
    desk.record(w2_customer, reached(4, Topic::VehicleCondition)).await;
    // R2: W2's car back for a repair on 03-20, 16 days after its repair was delivered.
    desk.at(shanghai(20, 9, 0));
    check_in(&server, walk_in("沪R00003", "13900000003", "repair")).await;
    let t = desk.call_next(&x).await;
    desk.at(shanghai(20, 9, 15));
    let (r2, _) = desk.receive(&x, t, "返修回访").await;
    desk.at(shanghai(20, 16, 0));
    desk.deliver(&x, &r2).await;
    // E3: a complaint on 03-30 10:00, never solved; the agent's two days end 04-02 00:00.
    desk.at(shanghai(30, 10, 0));
    desk.complaint("沪R00002", "发票开错").await;
    // W1 #2 on 03-31 21:00 Shanghai (13:00 UTC) scored 2: March, outside its window.
    desk.at(shanghai(31, 21, 0));
    let w1_second = list_second(&server, w1_customer).await;
    let r = pb::RecordFollowUpCallRequest { follow_up_id: w1_second, ..reached(2, Topic::NewNeeds) };
    server.connect(Role::Followup).await.followups().record_follow_up_call(r).await.expect("records");
    // A1 #2 on 04-01 07:30 Shanghai (03-31 23:30 UTC) scored 5: April, not March.
    desk.at(local(2030, 4, 1, 7, 30));
    let a1_second = list_second(&server, a1_customer).await;
    let r = pb::RecordFollowUpCallRequest { follow_up_id: a1_second, ..reached(5, Topic::NewNeeds) };
    server.connect(Role::Followup).await.followups().record_follow_up_call(r).await.expect("records");
    // W4 walks in on 04-01 09:00 and is received by 甲.
    desk.at(local(2030, 4, 1, 9, 0));
    check_in(&server, walk_in("沪R00007", "13900000007", "maintenance")).await;
    let t = desk.call_next(&x).await;
    desk.at(local(2030, 4, 1, 9, 20));
    let (w4, _) = desk.receive(&x, t, "回访").await;
    // Handed back the same day: 甲's output value in April is its ¥300.00 settlement.
    desk.deliver(&x, &w4).await;

    desk.at(local(2030, 4, 2, 12, 0));
    let mut reports = server.connect(Role::Supervisor).await.reports();

    // The day 03-04.
    let day = reports
        .get_daily_report(pb::GetDailyReportRequest { date: "2030-03-04".into(), ..Default::default() })
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((day.days, day.cars_received, day.cars_received_target), (1, 4, 20), "W1, A1, W2, A2");
    assert_eq!(state(&day, "cars_received"), T::Missed);
    assert_eq!(day.arrivals, 5, "W1, A1, W2, A2, W3");
    assert_eq!(day.appointment_share, ratio(2, 5), "A1 and A2 (late) of five arrivals");
    assert_eq!(day.no_shows, ratio(1, 3), "A3 missed; A1, A2 kept; A4 cancelled");
    let maintenance = &day.service_times[0];
    assert_eq!(maintenance.service_code, "maintenance");
    // Waits 300, 300, 600: mean 400, median 300, p90 = rank 3 = 600. Receptions 900, 900, 600.
    assert_eq!(maintenance.waiting, durations(3, 400, 300, 600));
    assert_eq!(maintenance.reception, durations(3, 800, 900, 900));
    let repair = &day.service_times[1];
    // Waits 1200 (W2) and 300 (W3, then a no-show): mean 750, median 750, p90 rank 2.
    assert_eq!(repair.waiting, durations(2, 750, 750, 1200));
    assert_eq!(repair.reception, durations(1, 1800, 1800, 1800));
    let hours: Vec<(i32, i32)> = day.arrivals_by_hour.iter().map(|h| (h.hour, h.arrivals)).collect();
    assert_eq!((hours, day.peak_hour), (vec![(9, 3), (10, 1), (11, 1)], 9));
    assert_eq!(day.callback_notes, ratio(3, 4), "A1 has no note");
    assert_eq!(state(&day, "callback_notes"), T::Missed);
    assert_eq!(day.repeat_repairs, ratio(0, 1), "W2 delivered; no repair came back that day");
    assert_eq!(state(&day, "repeat_repairs"), T::Met);
    assert_eq!(day.csi, ratio(0, 0));
    assert_eq!(state(&day, "csi"), T::NoData);
    assert_eq!((day.base_customers, day.base_customers_target, day.lost_customers), (4, 1500, 0));

    // A day with only a no-show: 03-05, A5 never came.
    let empty = reports
        .get_daily_report(pb::GetDailyReportRequest { date: "2030-03-05".into(), ..Default::default() })
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((empty.arrivals, empty.cars_received, empty.peak_hour), (0, 0, -1));
    assert_eq!(empty.no_shows, ratio(1, 1));
    assert_eq!(empty.appointment_share, ratio(0, 0));
    assert_eq!(state(&empty, "appointment_share"), T::NoData);
    assert!(empty.service_times.is_empty() && empty.arrivals_by_hour.is_empty());

    // March.
    let march = reports
        .get_period_report(pb::GetPeriodReportRequest { month: "2030-03".into(), ..Default::default() })
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((march.from_date.as_str(), march.to_date.as_str(), march.days), ("2030-03-01", "2030-03-31", 31));
    assert_eq!((march.cars_received, march.cars_received_target), (5, 650), "W1, A1, W2, A2, R2; a whole month");
    assert_eq!(march.arrivals, 6);
    assert_eq!(march.appointment_share, ratio(2, 6));
    assert_eq!(march.no_shows, ratio(2, 4), "A3 and A5 missed, A1 and A2 kept");
    // Repair waits 1200, 300, 0: mean 500, median 300, p90 1200; receptions 1800, 900.
    assert_eq!(march.service_times[1].waiting, durations(3, 500, 300, 1200));
    assert_eq!(march.service_times[1].reception, durations(2, 1350, 1350, 1800));
    // Scored calls in March: 5 (W1 #1), 3 (A1 #1), 4 (W2 #1), 2 (W1 #2 at 21:00 on the
    // 31st); the 5 at 07:30 on 04-01 Shanghai is April's although it is still 03-31 in UTC.
    assert_eq!(march.csi, ratio(2, 4));
    assert_eq!(state(&march, "csi"), T::Missed);
    let per: Vec<(i64, Option<pb::Ratio>)> = march.csi_by_advisor.iter().map(|a| (a.advisor_id, a.csi)).collect();
    assert_eq!(per, vec![(x_id, ratio(2, 3)), (y_id, ratio(0, 1))], "甲: 5, 4, 2; 乙: 3");
    // R2 came back 16 days after W2's repair was delivered; W2 and R2 delivered in March.
    assert_eq!(march.repeat_repairs, ratio(1, 2));
    assert_eq!(state(&march, "repeat_repairs"), T::Missed);
    // Windows ending in March: W1 #1 and A1 #1 done in time; W2 #1 late; A2 #1 letter;
    // W1 #2 late; A1 #2 done on 04-01 (late); W2 #2 and R2 #1 never called.
    assert_eq!(march.follow_ups_in_window, ratio(2, 8));
    // E1 in time; E2 reached the supervisor late; so did E3 (on 04-02 00:00, before the
    // report is read at 12:00).
    assert_eq!(march.escalations_in_time, ratio(1, 3));
    // E1 told the same day; E2 the day after.
    assert_eq!(march.same_day_notices, ratio(1, 2));
    assert_eq!(march.callback_notes, ratio(4, 5));
    assert_eq!(march.base_customers, 4, "W1, A1, W2 (and R2), A2");

    // April 2030 has W4 and the early-morning call; the ranking flags 王磊.
    let april = reports
        .get_period_report(pb::GetPeriodReportRequest { month: "2030-04".into(), ..Default::default() })
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((april.cars_received, april.csi), (1, ratio(1, 1)));

    let ranking = |month: &str| {
        let mut reports = reports.clone();
        let month = month.to_owned();
        async move {
            reports
                .get_advisor_ranking(pb::GetAdvisorRankingRequest { month })
                .await
                .expect("ranks")
                .into_inner()
                .advisors
        }
    };
    let march_rank = ranking("2030-03").await;
    let rows: Vec<(i32, &str, i64, i32)> =
        march_rank.iter().map(|r| (r.rank, r.advisor_name.as_str(), r.output_value_fen, r.visits)).collect();
    // Output value (产值): every car handed back carries the harness's ¥300.00 estimate;
    // 甲 handed back W1, W2 and R2 in March, 乙 A1 and A2.
    assert_eq!(rows, vec![(1, "甲", 90_000, 3), (2, "乙", 60_000, 2), (3, "王磊", 0, 0)]);
    let jia = &march_rank[0];
    // 甲's receptions: 900 (W1), 1800 (W2), 900 (R2): mean 1200; one no-show (W3).
    assert_eq!((jia.receptions, jia.mean_reception_seconds, jia.no_shows), (3, 1200, 1));
    assert_eq!(jia.csi, ratio(2, 3));
    assert_eq!((march_rank[1].receptions, march_rank[1].mean_reception_seconds), (2, 750), "乙: 900 and 600");
    assert!(march_rank[2].lowest_visits && !march_rank[2].flagged, "nobody was on the books in February");
    let april_rank = ranking("2030-04").await;
    let rows: Vec<(i32, &str, i32, i32, bool, bool)> = april_rank
        .iter()
        .map(|r| (r.rank, r.advisor_name.as_str(), r.visits, r.previous_month_visits, r.lowest_visits, r.flagged))
        .collect();
    let output: Vec<(i64, i64, bool)> = april_rank
        .iter()
        .map(|r| (r.output_value_fen, r.previous_month_output_value_fen, r.lowest_output_value))
        .collect();
    assert_eq!(output, vec![(30_000, 90_000, false), (0, 0, true), (0, 60_000, true)], "W4 handed back in April");
    assert_eq!(
        rows,
        vec![(1, "甲", 1, 3, false, false), (2, "王磊", 0, 0, true, true), (2, "乙", 0, 2, true, false)],
        "王磊 is lowest by output value two months running; 乙 only this month; ties in the order staff were added"
    );
    // An advisor reads only their own row.
    let own = server
        .connect_with_token(&y)
        .await
        .reports()
        .get_advisor_ranking(pb::GetAdvisorRankingRequest { month: "2030-03".into() })
        .await
        .expect("ranks")
        .into_inner()
        .advisors;
    assert_eq!(own.iter().map(|r| (r.advisor_id, r.rank)).collect::<Vec<_>>(), vec![(y_id, 2)]);
    // And reads their own figures. 乙's March: the visits A1 and A2 (03-04); the tickets
    // they called, both appointments (A2 late, still one); waits 300 and 600 s (mean and
    // median 450, p90 = the 2nd of 2 = 600); receptions 900 and 600 (750, 750, 900);
    // arrivals 09:25 and 10:50, one each, so the earliest hour 09 is the peak; one scored
    // call about their visits in March, A1 #1 at 3 (A1 #2 at 5 is April): 0/1; no repair
    // delivered: 0/0 repeats; a callback note on A2 only: 1/2.
    let mut own_reports = server.connect_with_token(&y).await.reports();
    let mine = own_reports
        .get_period_report(pb::GetPeriodReportRequest { month: "2030-03".into(), ..Default::default() })
        .await
        .expect("an advisor reads their own")
        .into_inner()
        .report
        .expect("report");
    assert_eq!(mine.advisor_id, y_id);
    assert_eq!((mine.cars_received, mine.cars_received_target, mine.arrivals), (2, 0, 2));
    assert_eq!(mine.appointment_share, ratio(2, 2));
    let maintenance = mine.service_times.iter().find(|s| s.service_code == "maintenance").expect("maintenance");
    assert_eq!(maintenance.waiting, durations(2, 450, 450, 600));
    assert_eq!(maintenance.reception, durations(2, 750, 750, 900));
    assert_eq!(mine.service_times.len(), 1, "乙 served no repair");
    assert_eq!(mine.peak_hour, 9);
    assert_eq!((mine.csi, mine.repeat_repairs, mine.callback_notes), (ratio(0, 1), ratio(0, 0), ratio(1, 2)));
    let keys: Vec<&str> = mine.lines.iter().map(|l| l.key.as_str()).collect();
    for store_only in
        ["no_show_rate", "follow_ups_in_window", "escalations_in_time", "same_day_notices", "base_customers"]
    {
        assert!(!keys.contains(&store_only), "{store_only} is the store's, not 乙's: {keys:?}");
    }
    assert_eq!(state(&mine, "cars_received"), T::NoTarget, "the store's 650 is not 乙's target");
    assert_eq!(state(&mine, "csi"), T::Missed);
    let other = pb::GetDailyReportRequest { date: "2030-03-04".into(), advisor_id: x_id };
    assert_rejected(
        own_reports.get_daily_report(other.clone()).await,
        Code::PermissionDenied,
        ErrorReason::RoleNotAllowed,
    );
    // A supervisor may ask for any advisor's: 甲 received W1 and W2 on 03-04.
    let jia_day = reports.get_daily_report(other).await.expect("reports").into_inner().report.expect("report");
    assert_eq!((jia_day.advisor_id, jia_day.cars_received), (x_id, 2));

    // A year later nothing happened: no data, and every customer is lost.
    let later = reports
        .get_period_report(pb::GetPeriodReportRequest { month: "2031-04".into(), ..Default::default() })
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((later.cars_received, later.arrivals, later.base_customers, later.lost_customers), (0, 0, 0, 9));
    assert_eq!(
        (state(&later, "cars_received"), state(&later, "csi"), state(&later, "arrivals")),
        (T::Missed, T::NoData, T::NoData)
    );

    // Exports: the report's lines and the ranking.
    let xlsx = reports
        .export_report(pb::ExportReportRequest {
            kind: pb::ReportKind::Ranking as i32,
            month: "2030-04".into(),
            format: pb::ExportFormat::Xlsx as i32,
            ..Default::default()
        })
        .await
        .expect("exports")
        .into_inner();
    assert_eq!((xlsx.file_name.as_str(), xlsx.rows), ("服务顾问排名_2030-04.xlsx", 3));
    let csv = reports
        .export_report(pb::ExportReportRequest {
            kind: pb::ReportKind::Report as i32,
            from_date: "2030-03-04".into(),
            to_date: "2030-03-04".into(),
            format: pb::ExportFormat::Csv as i32,
            ..Default::default()
        })
        .await
        .expect("exports")
        .into_inner();
    let text = String::from_utf8(csv.content).expect("utf-8");
    assert!(text.starts_with("\u{feff}指标,数值,目标,达标\r\n"), "{text}");
    assert!(text.contains("接车台次 cars received,4,≥ 20,✗"), "{text}");
    let bad = reports
        .get_period_report(pb::GetPeriodReportRequest {
            from_date: "2030-03-31".into(),
            to_date: "2030-03-01".into(),
            ..Default::default()
        })
        .await;
    assert_rejected(bad, Code::InvalidArgument, ErrorReason::DateInvalid);
    for date in ["+262143-12-31", "-0001-01-01", "0001-01-01"] {
        let far = reports.get_daily_report(pb::GetDailyReportRequest { date: date.into(), ..Default::default() }).await;
        assert_rejected(far, Code::InvalidArgument, ErrorReason::DateInvalid);
    }
}

/// The open #2 follow-up of a customer.
async fn list_second(server: &TestServer, customer_id: i64) -> i64 {
    let found = crate::followup::list(
        server,
        server.token(Role::Supervisor),
        pb::ListFollowUpsRequest { customer_id, kind: pb::FollowUpKind::Second as i32, ..Default::default() },
    )
    .await;
    found.first().expect("#2 is open").follow_up_id
}

#[tokio::test]
async fn a_customer_reached_without_a_score_is_left_out_of_csi_and_counted_apart() {
    let server = TestServer::start().await;
    let (x_id, x) = server.add_advisor("甲", 2, &["maintenance"]).await;
    let a = crate::followup::deliver(&server, &x, "沪R10001", "13900100001").await;
    let b = crate::followup::deliver(&server, &x, "沪R10002", "13900100002").await;
    let desk = Desk { server: &server };
    desk.at(shanghai(7, 10, 0));
    // A is reached and gives no score: recorded as reached, not invented as a score.
    let unscored = desk.record(a.customer_id, call(0, Outcome::Reached, 0, &[Topic::VehicleCondition])).await;
    let f = unscored.follow_up.expect("f");
    assert_eq!((f.status, f.calls[0].satisfaction), (pb::FollowUpStatus::Done as i32, 0));
    assert!(unscored.next.is_some(), "reached opens #2 as ever");
    desk.record(b.customer_id, call(0, Outcome::Reached, 5, &[Topic::VehicleCondition])).await;

    let mut reports = server.connect(Role::Supervisor).await.reports();
    let request = |advisor_id| pb::GetDailyReportRequest { date: "2030-03-07".into(), advisor_id };
    let day = reports.get_daily_report(request(0)).await.expect("reports").into_inner().report.expect("report");
    assert_eq!(day.csi, ratio(1, 1), "only the score given counts");
    assert_eq!(day.calls_without_score, 1);
    let line = day.lines.iter().find(|l| l.key == "calls_without_score").expect("a line of its own");
    assert_eq!((line.label.as_str(), line.value.as_str()), ("未评分回访 reached without a score", "1"));
    let mine = reports.get_daily_report(request(x_id)).await.expect("reports").into_inner().report.expect("report");
    assert_eq!((mine.csi, mine.calls_without_score), (ratio(1, 1), 1), "the advisor's visits, the same");
    let other = reports
        .get_daily_report(request(server.staff.advisor))
        .await
        .expect("reports")
        .into_inner()
        .report
        .expect("report");
    assert_eq!((other.csi, other.calls_without_score), (ratio(0, 0), 0));
}
