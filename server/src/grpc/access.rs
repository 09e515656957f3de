//! The one table that says which roles may call which method.

use crate::domain::Role;
use Role::{Admin, Advisor, Followup, Kiosk, Parts, Supervisor, Warranty};

/// Everybody at the desk who deals with customers.
const DESK: &[Role] = &[Advisor, Followup, Supervisor];
/// The people at the counters.
const COUNTER: &[Role] = &[Advisor, Supervisor];
/// The follow-up desk.
const FOLLOW_UP: &[Role] = &[Followup, Supervisor];
/// Every role.
const EVERYONE: &[Role] = &[Kiosk, Advisor, Followup, Supervisor, Admin, Parts, Warranty];

/// `(service, method, roles allowed)` for every method of `frontdesk.v1`.
/// A method missing here is refused to everybody.
pub const ACCESS: &[(&str, &str, &[Role])] = &[
    ("KioskService", "ListAvailableSlots", &[Kiosk, Advisor, Followup, Supervisor]),
    ("KioskService", "BookAppointment", &[Kiosk]),
    ("KioskService", "CancelAppointment", &[Kiosk]),
    ("KioskService", "IdentifyVehicle", &[Kiosk]),
    ("KioskService", "CheckIn", &[Kiosk]),
    ("KioskService", "GetTicket", &[Kiosk]),
    ("AppointmentService", "CreateAppointment", DESK),
    ("AppointmentService", "GetAppointment", DESK),
    ("AppointmentService", "ListAppointments", DESK),
    ("AppointmentService", "RescheduleAppointment", DESK),
    ("AppointmentService", "CancelAppointment", DESK),
    ("AppointmentService", "MarkNoShow", &[Advisor, Supervisor]),
    ("CustomerService", "GetCustomer", DESK),
    ("CustomerService", "SearchCustomers", DESK),
    ("CustomerService", "UpdateCustomer", DESK),
    ("AdminService", "CreateAdvisor", &[Supervisor, Admin]),
    ("AdminService", "ListAdvisors", &[Advisor, Followup, Supervisor, Admin]),
    ("AdminService", "UpdateAdvisor", &[Supervisor, Admin]),
    ("AdminService", "ListServiceTypes", EVERYONE),
    // Read-only for the follow-up desk, which also follows WatchQueue.
    ("QueueService", "ListTickets", DESK),
    ("QueueService", "PullNextTicket", COUNTER),
    ("QueueService", "StartService", COUNTER),
    ("QueueService", "CompleteService", COUNTER),
    ("QueueService", "RecallTicket", COUNTER),
    ("QueueService", "SkipTicket", COUNTER),
    ("QueueService", "TransferTicket", COUNTER),
    ("QueueService", "ReturnTicket", COUNTER),
    ("QueueService", "CancelTicket", COUNTER),
    ("QueueService", "RaiseTicket", &[Supervisor]),
    ("QueueService", "SetAdvisorStatus", COUNTER),
    ("QueueService", "GetAdvisorState", COUNTER),
    ("QueueService", "WatchQueue", &[Kiosk, Advisor, Followup, Supervisor]),
    ("VisitService", "GetVisit", COUNTER),
    ("VisitService", "ListVisits", COUNTER),
    ("VisitService", "UpdateVisitStage", COUNTER),
    ("VisitService", "DeliverVehicle", COUNTER),
    ("FollowUpService", "ListFollowUps", DESK),
    ("FollowUpService", "GetFollowUp", DESK),
    ("FollowUpService", "RecordFollowUpCall", FOLLOW_UP),
    ("FollowUpService", "LogInboundCall", FOLLOW_UP),
    ("FollowUpService", "LogOutboundCall", FOLLOW_UP),
    ("FollowUpService", "EscalateFollowUp", FOLLOW_UP),
    // An agent resolves what they research; once with the supervisor, the domain
    // refuses the agent (ESCALATION_REPORTED).
    ("FollowUpService", "ResolveEscalation", FOLLOW_UP),
    ("FollowUpService", "ReportEscalation", FOLLOW_UP),
    ("FollowUpService", "RecordCustomerNotice", FOLLOW_UP),
    ("FollowUpService", "ListEscalations", FOLLOW_UP),
    ("FollowUpService", "ListLetters", FOLLOW_UP),
    ("FollowUpService", "LogLetter", FOLLOW_UP),
    ("FollowUpService", "ReassignFollowUps", &[Supervisor]),
    ("FollowUpService", "CreateCampaign", &[Supervisor]),
    ("FollowUpService", "ListCampaigns", FOLLOW_UP),
    ("FollowUpService", "ListMaintenanceDue", FOLLOW_UP),
    ("FollowUpService", "ListLostCustomers", FOLLOW_UP),
    ("FollowUpService", "ListIncompleteFiles", DESK),
    ("FollowUpService", "ExportRegister", FOLLOW_UP),
    ("WorkOrderService", "RecordInspection", COUNTER),
    ("WorkOrderService", "GetWorkOrder", COUNTER),
    ("WorkOrderService", "ProposeEstimate", COUNTER),
    ("WorkOrderService", "ApproveEstimate", COUNTER),
    ("WorkOrderService", "MarkLinesDone", COUNTER),
    ("WorkOrderService", "Settle", COUNTER),
    ("WorkOrderService", "ApproveDiscount", &[Supervisor]),
    ("WorkOrderService", "RecordPayment", COUNTER),
    ("WorkOrderService", "OrderParts", &[Advisor, Supervisor, Parts]),
    ("WorkOrderService", "RecordPartsArrival", &[Parts, Supervisor]),
    ("WorkOrderService", "ListPartOrders", &[Parts, Advisor, Supervisor]),
    ("WorkOrderService", "SubmitWarrantyClaim", &[Advisor, Supervisor, Warranty]),
    ("WorkOrderService", "DecideWarrantyClaim", &[Supervisor, Warranty]),
    ("RecallService", "ImportRecallCampaign", &[Supervisor]),
    ("RecallService", "ListOpenRecalls", DESK),
    ("RecallService", "CloseRecall", COUNTER),
    ("RecallService", "GetRecallCompletion", COUNTER),
    ("ReportService", "GetDailyReport", COUNTER),
    ("ReportService", "GetPeriodReport", COUNTER),
    ("ReportService", "GetAdvisorRanking", COUNTER),
    ("ReportService", "ExportReport", COUNTER),
];

/// The package whose methods need a token.
pub const PACKAGE: &str = "frontdesk.v1";

/// What the table says about a request path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Not a `frontdesk.v1` path (health, reflection): open to all.
    Open,
    /// A `frontdesk.v1` method and the roles that may call it (none if unlisted).
    Roles(&'static [Role]),
}

/// Looks a gRPC path such as `/frontdesk.v1.KioskService/BookAppointment` up.
pub fn access_for(path: &str) -> Access {
    let Some(rest) = path.strip_prefix('/').and_then(|p| p.strip_prefix(PACKAGE)).and_then(|p| p.strip_prefix('.'))
    else {
        return Access::Open;
    };
    let (service, method) = rest.split_once('/').unwrap_or((rest, ""));
    let roles = ACCESS.iter().find(|(s, m, _)| *s == service && *m == method).map_or(&[][..], |(_, _, r)| *r);
    Access::Roles(roles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn every_method_of_the_api_is_in_the_table_and_nothing_else() {
        let set = prost_types::FileDescriptorSet::decode(frontdesk_proto::FILE_DESCRIPTOR_SET).unwrap();
        let mut api: Vec<(String, String)> = set
            .file
            .iter()
            .filter(|f| f.package() == PACKAGE)
            .flat_map(|f| {
                f.service.iter().flat_map(|s| s.method.iter().map(|m| (s.name().to_owned(), m.name().to_owned())))
            })
            .collect();
        let mut table: Vec<(String, String)> =
            ACCESS.iter().map(|(s, m, _)| ((*s).to_owned(), (*m).to_owned())).collect();
        api.sort();
        table.sort();
        assert_eq!(api, table);
    }

    #[test]
    fn paths_resolve_to_roles_and_unknown_methods_to_nobody() {
        assert_eq!(access_for("/frontdesk.v1.KioskService/BookAppointment"), Access::Roles(&[Kiosk]));
        assert_eq!(access_for("/frontdesk.v1.KioskService/Nope"), Access::Roles(&[]));
        assert_eq!(access_for("/grpc.health.v1.Health/Check"), Access::Open);
        assert_eq!(access_for("/frontdesk.v10.X/Y"), Access::Open);
    }
}
