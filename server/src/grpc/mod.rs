//! The gRPC surface: thin handlers (parse → use case → convert), the access
//! table, the auth layer and the error mapping.

pub mod access;
pub mod admin;
pub mod appointments;
pub mod auth;
pub mod convert;
pub mod customers;
pub mod enums;
pub mod followup;
pub mod kiosk;
pub mod observe;
pub mod queue;
pub mod recalls;
pub mod reports;
pub mod status;
pub mod visits;
pub mod work_orders;

use frontdesk_proto::v1::{
    admin_service_server::AdminServiceServer, appointment_service_server::AppointmentServiceServer,
    customer_service_server::CustomerServiceServer, follow_up_service_server::FollowUpServiceServer,
    kiosk_service_server::KioskServiceServer, queue_service_server::QueueServiceServer,
    recall_service_server::RecallServiceServer, report_service_server::ReportServiceServer,
    visit_service_server::VisitServiceServer, work_order_service_server::WorkOrderServiceServer,
};
use tonic::service::Routes;

use crate::app::App;

/// The names of every `frontdesk.v1` service, for health reporting.
pub const SERVICE_NAMES: &[&str] = &[
    "frontdesk.v1.KioskService",
    "frontdesk.v1.AppointmentService",
    "frontdesk.v1.CustomerService",
    "frontdesk.v1.AdminService",
    "frontdesk.v1.QueueService",
    "frontdesk.v1.VisitService",
    "frontdesk.v1.FollowUpService",
    "frontdesk.v1.ReportService",
    "frontdesk.v1.WorkOrderService",
    "frontdesk.v1.RecallService",
];

/// Every `frontdesk.v1` service over one app, each refusing requests larger than
/// [`crate::domain::limits::REQUEST_BYTES`] before reading them.
pub fn routes(app: &App) -> Routes {
    let most = crate::domain::limits::REQUEST_BYTES;
    Routes::new(KioskServiceServer::new(kiosk::KioskApi::new(app.clone())).max_decoding_message_size(most))
        .add_service(
            AppointmentServiceServer::new(appointments::AppointmentApi::new(app.clone()))
                .max_decoding_message_size(most),
        )
        .add_service(
            CustomerServiceServer::new(customers::CustomerApi::new(app.clone())).max_decoding_message_size(most),
        )
        .add_service(AdminServiceServer::new(admin::AdminApi::new(app.clone())).max_decoding_message_size(most))
        .add_service(QueueServiceServer::new(queue::QueueApi::new(app.clone())).max_decoding_message_size(most))
        .add_service(VisitServiceServer::new(visits::VisitApi::new(app.clone())).max_decoding_message_size(most))
        .add_service(
            FollowUpServiceServer::new(followup::FollowUpApi::new(app.clone())).max_decoding_message_size(most),
        )
        .add_service(ReportServiceServer::new(reports::ReportApi::new(app.clone())).max_decoding_message_size(most))
        .add_service(
            WorkOrderServiceServer::new(work_orders::WorkOrderApi::new(app.clone())).max_decoding_message_size(most),
        )
        .add_service(RecallServiceServer::new(recalls::RecallApi::new(app.clone())).max_decoding_message_size(most))
}
