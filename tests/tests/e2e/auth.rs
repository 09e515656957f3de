//! The auth matrix: every method × every role, written out by hand here.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::reason_of;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;
use prost::Message;
use tonic::Code;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::Channel;

const K: Role = Role::Kiosk;
const A: Role = Role::Advisor;
const F: Role = Role::Followup;
const S: Role = Role::Supervisor;
const D: Role = Role::Admin;

/// Who may call what, as the issue and the README state it.
const MATRIX: &[(&str, &[Role])] = &[
    ("KioskService/ListAvailableSlots", &[K, A, F, S]),
    ("KioskService/BookAppointment", &[K]),
    ("KioskService/CancelAppointment", &[K]),
    ("KioskService/IdentifyVehicle", &[K]),
    ("AppointmentService/CreateAppointment", &[A, F, S]),
    ("AppointmentService/GetAppointment", &[A, F, S]),
    ("AppointmentService/ListAppointments", &[A, F, S]),
    ("AppointmentService/RescheduleAppointment", &[A, F, S]),
    ("AppointmentService/CancelAppointment", &[A, F, S]),
    ("AppointmentService/MarkNoShow", &[A, S]),
    ("CustomerService/GetCustomer", &[A, F, S]),
    ("CustomerService/SearchCustomers", &[A, F, S]),
    ("CustomerService/UpdateCustomer", &[A, F, S]),
    ("AdminService/CreateAdvisor", &[S, D]),
    ("AdminService/ListAdvisors", &[A, F, S, D]),
    ("AdminService/UpdateAdvisor", &[S, D]),
    ("AdminService/ListServiceTypes", &[K, A, F, S, D]),
    ("KioskService/CheckIn", &[K]),
    ("KioskService/GetTicket", &[K]),
    ("QueueService/ListTickets", &[A, S]),
    ("QueueService/PullNextTicket", &[A, S]),
    ("QueueService/StartService", &[A, S]),
    ("QueueService/CompleteService", &[A, S]),
    ("QueueService/RecallTicket", &[A, S]),
    ("QueueService/SkipTicket", &[A, S]),
    ("QueueService/TransferTicket", &[A, S]),
    ("QueueService/ReturnTicket", &[A, S]),
    ("QueueService/CancelTicket", &[A, S]),
    ("QueueService/RaiseTicket", &[S]),
    ("QueueService/SetAdvisorStatus", &[A, S]),
    ("QueueService/GetAdvisorState", &[A, S]),
    ("QueueService/WatchQueue", &[K, A, F, S]),
    ("VisitService/GetVisit", &[A, S]),
    ("VisitService/ListVisits", &[A, S]),
    ("VisitService/UpdateVisitStage", &[A, S]),
    ("VisitService/DeliverVehicle", &[A, S]),
    ("FollowUpService/ListFollowUps", &[A, F, S]),
    ("FollowUpService/GetFollowUp", &[A, F, S]),
    ("FollowUpService/RecordFollowUpCall", &[F, S]),
    ("FollowUpService/LogInboundCall", &[F, S]),
    ("FollowUpService/EscalateFollowUp", &[F, S]),
    ("FollowUpService/ResolveEscalation", &[S]),
    ("FollowUpService/RecordCustomerNotice", &[F, S]),
    ("FollowUpService/ListEscalations", &[F, S]),
    ("FollowUpService/LogLetter", &[F, S]),
    ("FollowUpService/ReassignFollowUps", &[S]),
    ("FollowUpService/CreateCampaign", &[S]),
    ("FollowUpService/ListCampaigns", &[F, S]),
    ("FollowUpService/ListMaintenanceDue", &[F, S]),
    ("FollowUpService/ListLostCustomers", &[F, S]),
    ("FollowUpService/ListIncompleteFiles", &[A, F, S]),
    ("FollowUpService/ExportRegister", &[F, S]),
    ("ReportService/GetDailyReport", &[S]),
    ("ReportService/GetPeriodReport", &[S]),
    ("ReportService/GetAdvisorRanking", &[A, S]),
    ("ReportService/ExportReport", &[S]),
];

/// Methods that stream their response.
const STREAMING: &[&str] = &["QueueService/WatchQueue"];

/// Calls a unary method with an empty request message and the given token.
async fn call(channel: &Channel, method: &str, token: Option<&str>) -> Result<(), tonic::Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    let mut request = tonic::Request::new(());
    if let Some(token) = token {
        request.metadata_mut().insert("authorization", format!("Bearer {token}").parse().expect("ascii"));
    }
    let path = PathAndQuery::try_from(format!("/frontdesk.v1.{method}")).expect("path");
    let codec = tonic_prost::ProstCodec::<(), ()>::default();
    if STREAMING.contains(&method) {
        // A stream that opens is admitted; its first message shows it works.
        let mut stream = grpc.server_streaming(request, path, codec).await?.into_inner();
        return stream.message().await.map(|_| ());
    }
    grpc.unary(request, path, codec).await.map(|_| ())
}

#[tokio::test]
async fn every_method_admits_exactly_its_roles() {
    let server = TestServer::start().await;
    let channel = Channel::from_shared(server.url()).expect("url").connect().await.expect("connects");
    for (method, allowed) in MATRIX {
        for role in Role::ALL {
            let result = call(&channel, method, Some(server.token(role))).await;
            let code = result.as_ref().err().map_or(Code::Ok, tonic::Status::code);
            if allowed.contains(&role) {
                assert!(
                    !matches!(
                        code,
                        Code::PermissionDenied | Code::Unauthenticated | Code::Internal | Code::Unimplemented
                    ),
                    "{role} must reach {method}, got {result:?}"
                );
            } else {
                let status = result.expect_err(&format!("{role} must not reach {method}"));
                assert_eq!(status.code(), Code::PermissionDenied, "{role} on {method}");
                assert_eq!(reason_of(&status), Some(ErrorReason::RoleNotAllowed));
            }
        }
        let anonymous = call(&channel, method, None).await.expect_err("no token");
        assert_eq!((anonymous.code(), reason_of(&anonymous)), (Code::Unauthenticated, Some(ErrorReason::TokenMissing)));
        let forged = call(&channel, method, Some("fdt_forged")).await.expect_err("forged token");
        assert_eq!((forged.code(), reason_of(&forged)), (Code::Unauthenticated, Some(ErrorReason::TokenInvalid)));
    }
}

#[tokio::test]
async fn the_matrix_covers_every_method_of_the_api() {
    let set = prost_types::FileDescriptorSet::decode(frontdesk_proto::FILE_DESCRIPTOR_SET).expect("descriptor");
    let mut api: Vec<String> = set
        .file
        .iter()
        .filter(|f| f.package() == "frontdesk.v1")
        .flat_map(|f| f.service.iter().flat_map(|s| s.method.iter().map(move |m| format!("{}/{}", s.name(), m.name()))))
        .collect();
    let mut matrix: Vec<String> = MATRIX.iter().map(|(m, _)| (*m).to_owned()).collect();
    api.sort();
    matrix.sort();
    assert_eq!(api, matrix);
}

#[tokio::test]
async fn health_and_reflection_need_no_token() {
    let server = TestServer::start().await;
    let channel = Channel::from_shared(server.url()).expect("url").connect().await.expect("connects");
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let status = health
        .check(tonic_health::pb::HealthCheckRequest { service: "frontdesk.v1.KioskService".into() })
        .await
        .expect("health answers")
        .into_inner()
        .status;
    assert_eq!(status, tonic_health::pb::health_check_response::ServingStatus::Serving as i32);
}
