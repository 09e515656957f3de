//! The auth matrix: every method × every role, written out by hand here.

use frontdesk_proto::ErrorReason;
use frontdesk_proto::reason_of;
use frontdesk_proto::v1 as pb;
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
const P: Role = Role::Parts;
const W: Role = Role::Warranty;

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
    ("AdminService/ListServiceTypes", &[K, A, F, S, D, P, W]),
    ("KioskService/CheckIn", &[K]),
    ("KioskService/GetTicket", &[K]),
    ("QueueService/ListTickets", &[A, F, S]),
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
    ("FollowUpService/LogOutboundCall", &[F, S]),
    ("FollowUpService/EscalateFollowUp", &[F, S]),
    ("FollowUpService/ResolveEscalation", &[F, S]),
    ("FollowUpService/ReportEscalation", &[F, S]),
    ("FollowUpService/RecordCustomerNotice", &[F, S]),
    ("FollowUpService/ListEscalations", &[F, S]),
    ("FollowUpService/ListLetters", &[F, S]),
    ("FollowUpService/LogLetter", &[F, S]),
    ("FollowUpService/ReassignFollowUps", &[S]),
    ("FollowUpService/CreateCampaign", &[S]),
    ("FollowUpService/ListCampaigns", &[F, S]),
    ("FollowUpService/ListMaintenanceDue", &[F, S]),
    ("FollowUpService/ListLostCustomers", &[F, S]),
    ("FollowUpService/ListIncompleteFiles", &[A, F, S]),
    ("FollowUpService/ExportRegister", &[F, S]),
    ("WorkOrderService/RecordInspection", &[A, S]),
    ("WorkOrderService/GetWorkOrder", &[A, S]),
    ("WorkOrderService/ProposeEstimate", &[A, S]),
    ("WorkOrderService/ApproveEstimate", &[A, S]),
    ("WorkOrderService/MarkLinesDone", &[A, S]),
    ("WorkOrderService/Settle", &[A, S]),
    ("WorkOrderService/ApproveDiscount", &[S]),
    ("WorkOrderService/RecordPayment", &[A, S]),
    ("WorkOrderService/OrderParts", &[A, S, P]),
    ("WorkOrderService/RecordPartsArrival", &[P, S]),
    ("WorkOrderService/ListPartOrders", &[A, S, P]),
    ("WorkOrderService/SubmitWarrantyClaim", &[A, S, W]),
    ("WorkOrderService/DecideWarrantyClaim", &[S, W]),
    ("RecallService/ImportRecallCampaign", &[S]),
    ("RecallService/ListOpenRecalls", &[A, F, S]),
    ("RecallService/CloseRecall", &[A, S]),
    ("RecallService/GetRecallCompletion", &[A, S]),
    ("ReportService/GetDailyReport", &[A, S]),
    ("ReportService/GetPeriodReport", &[A, S]),
    ("ReportService/GetAdvisorRanking", &[A, S]),
    ("ReportService/ExportReport", &[A, S]),
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

/// Lists the services over one version of the reflection protocol and fetches the
/// file that declares the kiosk service, as grpcurl does before a call.
macro_rules! reflect {
    ($version:ident, $channel:expr) => {{
        use tonic_reflection::pb::$version::ServerReflectionRequest;
        use tonic_reflection::pb::$version::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::$version::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::$version::server_reflection_response::MessageResponse;
        let ask = [
            MessageRequest::ListServices(String::new()),
            MessageRequest::FileContainingSymbol("frontdesk.v1.KioskService".into()),
        ];
        let requests = ask.map(|m| ServerReflectionRequest { host: String::new(), message_request: Some(m) });
        let mut answers = ServerReflectionClient::new($channel)
            .server_reflection_info(tokio_stream::iter(requests))
            .await
            .expect("reflection answers")
            .into_inner();
        let mut services = Vec::new();
        let mut files = Vec::new();
        while let Some(answer) = answers.message().await.expect("an answer") {
            match answer.message_response.expect("a response") {
                MessageResponse::ListServicesResponse(list) => {
                    services.extend(list.service.into_iter().map(|s| s.name))
                }
                MessageResponse::FileDescriptorResponse(found) => files.extend(found.file_descriptor_proto),
                other => panic!("unexpected answer {other:?}"),
            }
        }
        (services, files)
    }};
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_list_the_api_without_a_token() {
    let server = TestServer::start().await;
    let channel = Channel::from_shared(server.url()).expect("url").connect().await.expect("connects");
    let expected = [
        "frontdesk.v1.AdminService",
        "frontdesk.v1.AppointmentService",
        "frontdesk.v1.CustomerService",
        "frontdesk.v1.FollowUpService",
        "frontdesk.v1.KioskService",
        "frontdesk.v1.QueueService",
        "frontdesk.v1.RecallService",
        "frontdesk.v1.ReportService",
        "frontdesk.v1.VisitService",
        "frontdesk.v1.WorkOrderService",
    ];
    let answers = [reflect!(v1, channel.clone()), reflect!(v1alpha, channel)];
    for (services, files) in answers {
        let mut ours: Vec<&str> = services.iter().map(String::as_str).filter(|s| s.starts_with("frontdesk.")).collect();
        ours.sort_unstable();
        assert_eq!(ours, expected, "{services:?}");
        assert!(services.iter().any(|s| s == "grpc.health.v1.Health"), "{services:?}");
        let declares_kiosk = files.iter().any(|bytes| {
            let file = prost_types::FileDescriptorProto::decode(bytes.as_slice()).expect("a file descriptor");
            file.service.iter().any(|s| s.name() == "KioskService" && s.method.iter().any(|m| m.name() == "CheckIn"))
        });
        assert!(declares_kiosk, "the file of KioskService came back");
    }
}

#[tokio::test]
async fn a_deactivated_member_of_staff_is_refused_at_once() {
    let server = TestServer::start().await;
    let (id, token) = server.add_advisor("孙丽", 7, &["repair"]).await;
    let mut queue = server.connect_with_token(&token).await.queue();
    queue.list_tickets(pb::ListTicketsRequest::default()).await.expect("works while active");
    crate::set_active(&server, id, false).await;
    let refused = queue.list_tickets(pb::ListTicketsRequest::default()).await.expect_err("refused");
    assert_eq!((refused.code(), reason_of(&refused)), (Code::Unauthenticated, Some(ErrorReason::TokenInvalid)));
    crate::set_active(&server, id, true).await;
    queue.list_tickets(pb::ListTicketsRequest::default()).await.expect("works again");
}

#[tokio::test]
async fn a_live_queue_stream_ends_when_its_member_of_staff_is_deactivated() {
    let server = TestServer::start().await;
    let (id, token) = server.add_advisor("孙丽", 7, &["repair"]).await;
    let mut stream = crate::watch(&server, &token).await;
    stream.message().await.expect("message").expect("snapshot");
    crate::set_active(&server, id, false).await;
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            match stream.message().await {
                Ok(Some(_)) => continue,
                other => return other,
            }
        }
    })
    .await
    .expect("the stream ends soon");
    let refused = ended.expect_err("with an error, not a clean end");
    assert_eq!((refused.code(), reason_of(&refused)), (Code::Unauthenticated, Some(ErrorReason::TokenInvalid)));
}
