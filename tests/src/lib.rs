//! The end-to-end harness: a real frontdesk server on port 0 with a temporary
//! database and a clock the test controls, plus a token for every role.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Numbers the follow-up agents tests add.
static NEXT_AGENT: AtomicU64 = AtomicU64::new(1);

use chrono::{DateTime, TimeZone, Utc};
use frontdesk_proto::client::{BearerToken, Connection};
use frontdesk_server::app::staff::NewStaff;
use frontdesk_server::domain::{CounterNumber, PersonName, RequestId, Role, ServiceCode, StaffKind};
use frontdesk_server::store::requests::Fingerprint;
use frontdesk_server::{Config, ManualClock, Running, open_app, spawn};
use tempfile::TempDir;

/// A Monday morning in Shanghai, far from the day the tests run: 2030-03-04 09:00 +08:00.
pub fn monday_9am() -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2030, 3, 4, 9, 0, 0).single().expect("valid").with_timezone(&Utc)
}

/// A Shanghai wall-clock time on 2030-03-DD as an instant.
pub fn shanghai(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2030, 3, day, hour, minute, 0)
        .single()
        .expect("valid")
        .with_timezone(&Utc)
}

/// A protobuf timestamp.
pub fn ts(at: DateTime<Utc>) -> Option<prost_types::Timestamp> {
    Some(prost_types::Timestamp { seconds: at.timestamp(), nanos: 0 })
}

/// The least a reception records when it completes (1 km on the clock, ready by
/// 17:00 on 2030-03-04): for tests about what happens around it.
pub fn reception(ticket_id: i64) -> frontdesk_proto::v1::CompleteServiceRequest {
    frontdesk_proto::v1::CompleteServiceRequest {
        ticket_id,
        mileage_km: 1,
        promised_ready_time: ts(shanghai(4, 17, 0)),
        ..Default::default()
    }
}

/// Completes the reception of a ticket in service with [`reception`]; returns the visit opened.
pub async fn complete(
    queue: &mut frontdesk_proto::v1::queue_service_client::QueueServiceClient<frontdesk_proto::client::Authed>,
    ticket_id: i64,
) -> frontdesk_proto::v1::Visit {
    queue.complete_service(reception(ticket_id)).await.expect("completes").into_inner().visit.expect("a visit")
}

/// Proposes the next estimate version of a visit with `lines` (idempotency key `key`)
/// and records the customer's approval by phone, timed at the visit's opening. Returns
/// the version as it was proposed.
pub async fn agree_lines(
    conn: &Connection,
    work_order: &str,
    key: &str,
    lines: Vec<frontdesk_proto::v1::EstimateLineInput>,
) -> frontdesk_proto::v1::EstimateVersion {
    use frontdesk_proto::v1::ProposeEstimateRequest;
    let mut orders = conn.work_orders();
    let request =
        ProposeEstimateRequest { request_id: key.into(), work_order: work_order.into(), lines, ..Default::default() };
    let order = orders.propose_estimate(request).await.expect("proposes").into_inner().work_order.expect("work order");
    let version = order.estimates.last().expect("a version").clone();
    let answer = by_phone(work_order, &version, order.visit.as_ref().and_then(|v| v.open_time));
    orders.approve_estimate(answer).await.expect("approves");
    version
}

/// The customer's yes to `version` given on the phone at `call_time` ("可以").
pub fn by_phone(
    work_order: &str,
    version: &frontdesk_proto::v1::EstimateVersion,
    call_time: Option<prost_types::Timestamp>,
) -> frontdesk_proto::v1::ApproveEstimateRequest {
    frontdesk_proto::v1::ApproveEstimateRequest {
        work_order: work_order.into(),
        version: version.version,
        content_hash: version.content_hash.clone(),
        method: frontdesk_proto::v1::ApprovalMethod::Phone as i32,
        called_by: "测试顾问".into(),
        call_time,
        customer_words: "可以".into(),
        ..Default::default()
    }
}

/// Proposes estimate version 1 of a visit — one hour of labour at ¥300.00, paid by the
/// customer — and records the customer's approval by phone ([`agree_lines`]): the
/// least a visit needs before it goes to IN_REPAIR. Returns the work order after it.
pub async fn agree_estimate(conn: &Connection, work_order: &str) -> frontdesk_proto::v1::WorkOrder {
    use frontdesk_proto::v1::{EstimateLineInput, GetWorkOrderRequest, LineKind, PayType};
    let line = EstimateLineInput {
        kind: LineKind::Labour as i32,
        pay_type: PayType::Customer as i32,
        name: "检查".into(),
        hours_tenths: 10,
        hourly_rate_fen: 30_000,
        ..Default::default()
    };
    agree_lines(conn, work_order, &format!("agree-{work_order}"), vec![line]).await;
    let request = GetWorkOrderRequest { work_order: work_order.into() };
    conn.work_orders().get_work_order(request).await.expect("reads").into_inner().work_order.expect("work order")
}

/// Moves a visit through the workshop to 待交车 and delivers it: the car has left, so it
/// can be checked in again. Agrees an estimate first ([`agree_estimate`]).
pub async fn hand_back(conn: &Connection, work_order: &str) {
    agree_estimate(conn, work_order).await;
    hand_back_approved(conn, work_order).await;
}

/// Marks the approved lines of a work order done, settles it without discounts and
/// records the customer's share paid in cash: what the car needs before it leaves.
pub async fn settle_and_pay(conn: &Connection, work_order: &str) -> frontdesk_proto::v1::WorkOrder {
    use frontdesk_proto::v1::{
        GetWorkOrderRequest, LineState, MarkLinesDoneRequest, PaymentMethod, RecordPaymentRequest, SettleRequest,
    };
    let mut orders = conn.work_orders();
    let order = orders
        .get_work_order(GetWorkOrderRequest { work_order: work_order.into() })
        .await
        .expect("reads")
        .into_inner()
        .work_order
        .expect("work order");
    let approved: Vec<i64> = order
        .estimates
        .iter()
        .flat_map(|v| &v.lines)
        .filter(|l| l.state == LineState::Approved as i32)
        .map(|l| l.line_id)
        .collect();
    if !approved.is_empty() {
        let done = MarkLinesDoneRequest { work_order: work_order.into(), line_ids: approved };
        orders.mark_lines_done(done).await.expect("done");
    }
    let settled = orders
        .settle(SettleRequest { work_order: work_order.into(), ..Default::default() })
        .await
        .expect("settles")
        .into_inner()
        .work_order
        .expect("work order");
    let owed = settled.settlement.as_ref().map_or(0, |s| s.customer_owed_fen);
    if owed == 0 {
        return settled;
    }
    let pay = RecordPaymentRequest {
        request_id: format!("pay-{work_order}"),
        work_order: work_order.into(),
        method: PaymentMethod::Cash as i32,
        amount_fen: owed,
        reference: String::new(),
    };
    orders.record_payment(pay).await.expect("pays").into_inner().work_order.expect("work order")
}

/// Like [`hand_back`] for a visit whose estimate the customer approved already: the
/// lines done, settled and paid ([`settle_and_pay`]), through the workshop, handed back.
pub async fn hand_back_approved(conn: &Connection, work_order: &str) {
    use frontdesk_proto::v1::{DeliverVehicleRequest, UpdateVisitStageRequest, VisitStage};
    let mut visits = conn.visits();
    for stage in [VisitStage::InRepair, VisitStage::QualityCheck, VisitStage::Ready] {
        let to = UpdateVisitStageRequest { work_order: work_order.into(), stage: stage as i32, ..Default::default() };
        visits.update_visit_stage(to).await.expect("moves");
    }
    settle_and_pay(conn, work_order).await;
    let out = DeliverVehicleRequest { work_order: work_order.into(), ..Default::default() };
    visits.deliver_vehicle(out).await.expect("delivers");
}

/// The staff every test store starts with.
#[derive(Debug, Clone, Copy)]
pub struct Staff {
    /// A service advisor at counter 1, skilled for maintenance and repair.
    pub advisor: i64,
    /// A follow-up agent.
    pub followup: i64,
    /// A supervisor.
    pub supervisor: i64,
}

/// A running test server.
#[derive(Debug)]
pub struct TestServer {
    running: Option<Running>,
    /// The clock it runs on.
    pub clock: ManualClock,
    /// Its configuration (data directory inside `dir`).
    pub config: Config,
    /// The staff created at start.
    pub staff: Staff,
    tokens: Vec<(Role, String)>,
    dir: Option<TempDir>,
}

fn fingerprint(key: &str) -> Fingerprint {
    Fingerprint { request_id: RequestId::parse(key).expect("valid"), method: "harness".into(), body_hash: key.into() }
}

/// The test configuration: port 0, a temporary data directory, default rules. The
/// queue's clock is looked at once an hour, so a test that moves its clock while it
/// counts WatchQueue events sees only what it did; the clock's own events have tests
/// that set `queue.clock_check_seconds` themselves.
pub fn test_config(dir: &TempDir) -> Config {
    let mut config = Config {
        listen: "127.0.0.1:0".parse().expect("valid"),
        data_dir: dir.path().join("data"),
        shutdown_grace_secs: 3,
        ..Config::default()
    };
    config.queue.clock_check_seconds = 3600;
    config
}

impl TestServer {
    /// A server with the default configuration at [`monday_9am`].
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A server whose configuration `adjust` may change first.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = test_config(&dir);
        adjust(&mut config);
        let clock = ManualClock::new(monday_9am());
        let app = open_app(&config, std::sync::Arc::new(clock.clone())).expect("app");
        let mut ids = Vec::new();
        for (i, (name, counter, kind, skills)) in [
            ("王磊", 1, StaffKind::ServiceAdvisor, &["maintenance", "repair"][..]),
            ("孙丽", 0, StaffKind::FollowupAgent, &[][..]),
            ("吴刚", 0, StaffKind::Supervisor, &[][..]),
        ]
        .into_iter()
        .enumerate()
        {
            let new = NewStaff {
                fingerprint: fingerprint(&format!("harness-staff-{i}")),
                name: PersonName::parse(name).expect("valid"),
                counter: CounterNumber::parse(counter).expect("valid"),
                service_codes: skills.iter().map(|s| ServiceCode::parse(s).expect("valid")).collect(),
                kind,
            };
            ids.push(app.create_advisor(new).await.expect("staff").id);
        }
        let staff = Staff { advisor: ids[0], followup: ids[1], supervisor: ids[2] };
        let mut tokens = Vec::new();
        for (role, who) in [
            (Role::Kiosk, None),
            (Role::Advisor, Some(staff.advisor)),
            (Role::Followup, Some(staff.followup)),
            (Role::Supervisor, Some(staff.supervisor)),
            (Role::Admin, None),
            (Role::Parts, None),
            (Role::Warranty, None),
        ] {
            tokens.push((role, app.create_token(role, who, format!("test-{role}")).await.expect("token")));
        }
        let running = spawn(config.clone(), app).await.expect("server starts");
        Self { running: Some(running), clock, config, staff, tokens, dir: Some(dir) }
    }

    /// The URL clients connect to (also while halted).
    pub fn url(&self) -> String {
        match &self.running {
            Some(running) => running.url(),
            None => format!("http://{}", self.config.listen),
        }
    }

    /// The token of a role.
    pub fn token(&self, role: Role) -> &str {
        self.tokens.iter().find(|(r, _)| *r == role).map(|(_, t)| t.as_str()).expect("every role has a token")
    }

    /// A client connection as `role`.
    pub async fn connect(&self, role: Role) -> Connection {
        self.connect_with_token(self.token(role)).await
    }

    /// A client connection with any token.
    pub async fn connect_with_token(&self, token: &str) -> Connection {
        let token = BearerToken::new(token).expect("ascii token");
        Connection::connect(&self.url(), token).await.expect("connects")
    }

    /// The running server.
    pub fn running(&self) -> &Running {
        self.running.as_ref().expect("the server runs until stop()")
    }

    /// Stops the server gracefully and starts it again on the same database, clock and port.
    pub async fn restart(&mut self) {
        self.halt().await;
        self.resume().await;
    }

    /// Stops the server gracefully, keeping its database, clock and port for [`TestServer::resume`].
    pub async fn halt(&mut self) {
        if let Some(running) = self.running.take() {
            self.config.listen = running.addr;
            running.stop().await.expect("stops cleanly");
        }
    }

    /// Starts a halted server again on the same database, clock and port.
    pub async fn resume(&mut self) {
        let app = open_app(&self.config, std::sync::Arc::new(self.clock.clone())).expect("reopens");
        self.running = Some(spawn(self.config.clone(), app).await.expect("restarts"));
    }

    /// Adds a service advisor at a counter with skills, sets them AVAILABLE, and
    /// returns their id and an advisor token.
    pub async fn add_advisor(&self, name: &str, counter: i32, skills: &[&str]) -> (i64, String) {
        let app = &self.running().app;
        let new = NewStaff {
            fingerprint: fingerprint(&format!("harness-advisor-{counter}")),
            name: PersonName::parse(name).expect("valid"),
            counter: CounterNumber::parse(counter).expect("valid"),
            service_codes: skills.iter().map(|s| ServiceCode::parse(s).expect("valid")).collect(),
            kind: StaffKind::ServiceAdvisor,
        };
        let id = app.create_advisor(new).await.expect("advisor").id;
        let token = app.create_token(Role::Advisor, Some(id), format!("test-{name}")).await.expect("token");
        let conn = self.connect_with_token(&token).await;
        conn.queue()
            .set_advisor_status(frontdesk_proto::v1::SetAdvisorStatusRequest {
                advisor_id: 0,
                status: frontdesk_proto::v1::AdvisorStatus::Available as i32,
            })
            .await
            .expect("available");
        (id, token)
    }

    /// Adds a follow-up agent and returns their id and a `followup` token.
    pub async fn add_followup_agent(&self, name: &str) -> (i64, String) {
        let app = &self.running().app;
        let new = NewStaff {
            fingerprint: fingerprint(&format!("harness-agent-{}", NEXT_AGENT.fetch_add(1, Ordering::Relaxed))),
            name: PersonName::parse(name).expect("valid"),
            counter: CounterNumber::parse(0).expect("valid"),
            service_codes: Vec::new(),
            kind: StaffKind::FollowupAgent,
        };
        let id = app.create_advisor(new).await.expect("agent").id;
        let token = app.create_token(Role::Followup, Some(id), format!("test-{name}")).await.expect("token");
        (id, token)
    }

    /// Stops the server and returns the data directory so a test can inspect it.
    pub async fn stop(mut self) -> TempDir {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("stops cleanly");
        }
        self.dir.take().expect("dir")
    }
}

/// Waits for a condition, polling; for background effects only, never for timing.
pub async fn eventually<F: FnMut() -> bool>(mut condition: F) -> bool {
    for _ in 0..200 {
        if condition() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}
