//! Shared by the kiosk's tests: a real frontdesk server on port 0 on its own tokio
//! runtime, and a driver that talks to it like the kiosk does.
#![allow(dead_code)]

pub mod window;

use std::sync::Arc;
use std::time::Duration;

use frontdesk_kiosk::driver::{Driver, Patience};
use frontdesk_kiosk::flow::{Controller, Now, Timing};
use frontdesk_kiosk::outbox::Outbox;
use frontdesk_proto::client::{BearerToken, Connection};
use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::{TestServer, shanghai, ts};

/// A server, the runtime it runs on, and a temporary directory for the kiosk's outbox.
pub struct World {
    pub runtime: tokio::runtime::Runtime,
    pub server: TestServer,
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new() -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let server = runtime.block_on(TestServer::start());
        Self { runtime, server, dir: tempfile::tempdir().expect("dir") }
    }

    /// A lazily connecting kiosk connection (works while the server is down).
    pub fn connection(&self) -> Connection {
        let _guard = self.runtime.enter();
        let token = BearerToken::new(self.server.token(Role::Kiosk)).expect("token");
        Connection::lazy(&self.server.url(), token).expect("url")
    }

    pub fn outbox(&self) -> Outbox {
        Outbox::open(&self.dir.path().join("outbox.pb")).expect("outbox")
    }

    /// The kiosk's driver: short deadlines, two attempts.
    pub fn driver(&self) -> Driver {
        let patience = Patience { deadline: Duration::from_secs(2), attempts: 2, pause: Duration::from_millis(50) };
        Driver::new(self.connection(), self.outbox(), patience)
    }

    /// The kiosk's clock is the server's test clock.
    pub fn now(&self) -> Now {
        let clock = self.server.clock.clone();
        Arc::new(move || frontdesk_server::Clock::now(&clock))
    }

    pub fn controller(&self) -> Controller {
        Controller::new(Timing::default(), chrono_tz::Asia::Shanghai, self.now())
    }

    /// Books a maintenance appointment for today (2030-03-04) at `h:m` from the desk,
    /// the day before; returns its confirmation code.
    pub fn book_today(&self, plate: &str, phone: &str, h: u32, m: u32) -> String {
        self.book(plate, phone, 4, h, m)
    }

    /// Books a maintenance appointment for 2030-03-`day` at `h:m` from the desk, on the
    /// 3rd; returns its confirmation code.
    pub fn book(&self, plate: &str, phone: &str, day: u32, h: u32, m: u32) -> String {
        let now = frontdesk_server::Clock::now(&self.server.clock);
        self.server.clock.set(shanghai(3, 12, 0));
        let code = self.runtime.block_on(async {
            let mut desk = self.server.connect(Role::Advisor).await.appointments();
            desk.create_appointment(pb::CreateAppointmentRequest {
                request_id: format!("book-{phone}-{day}-{h}-{m}"),
                plate: plate.into(),
                phone: phone.into(),
                customer_name: "张三".into(),
                service_code: "maintenance".into(),
                slot_start: ts(shanghai(day, h, m)),
                ..Default::default()
            })
            .await
            .expect("books")
            .into_inner()
            .appointment
            .expect("appointment")
            .confirmation_code
        });
        self.server.clock.set(now);
        code
    }

    /// Puts a car in the workshop: checked in as a walk-in for a repair, received at
    /// counter 2 (promised for 17:00) and moved on to 维修中.
    pub fn in_the_workshop(&self, plate: &str, phone: &str) {
        let (_, advisor) = self.runtime.block_on(self.server.add_advisor("甲", 2, &["repair"]));
        self.runtime.block_on(async {
            let mut kiosk = self.server.connect(Role::Kiosk).await.kiosk();
            kiosk
                .check_in(pb::CheckInRequest {
                    request_id: format!("car-{phone}"),
                    plate: plate.into(),
                    service_code: "repair".into(),
                    phone: phone.into(),
                    ..Default::default()
                })
                .await
                .expect("checks in");
            let mut queue = self.server.connect_with_token(&advisor).await.queue();
            let t = queue
                .pull_next_ticket(pb::PullNextTicketRequest::default())
                .await
                .expect("pulls")
                .into_inner()
                .ticket
                .expect("t");
            queue.start_service(pb::StartServiceRequest { ticket_id: t.ticket_id }).await.expect("starts");
            let visit = frontdesk_tests::complete(&mut queue, t.ticket_id).await;
            let conn = self.server.connect_with_token(&advisor).await;
            frontdesk_tests::agree_estimate(&conn, &visit.work_order).await;
            let mut visits = conn.visits();
            visits
                .update_visit_stage(pb::UpdateVisitStageRequest {
                    work_order: visit.work_order,
                    stage: pb::VisitStage::InRepair as i32,
                    ..Default::default()
                })
                .await
                .expect("in repair");
        });
    }

    /// The appointments of a day as staff see them.
    pub fn appointments(&self, day: u32) -> Vec<pb::Appointment> {
        self.runtime.block_on(async {
            self.server
                .connect(Role::Supervisor)
                .await
                .appointments()
                .list_appointments(pb::ListAppointmentsRequest {
                    date: format!("2030-03-{day:02}"),
                    ..Default::default()
                })
                .await
                .expect("lists")
                .into_inner()
                .appointments
        })
    }

    /// Today's tickets as staff see them.
    pub fn tickets(&self) -> Vec<pb::Ticket> {
        self.runtime.block_on(async {
            self.server
                .connect(Role::Supervisor)
                .await
                .queue()
                .list_tickets(pb::ListTicketsRequest::default())
                .await
                .expect("lists")
                .into_inner()
                .tickets
        })
    }
}
