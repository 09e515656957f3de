//! `frontdesk.v1.AdminService`: staff and service types.

use crate::domain::ErrorReason;
use crate::grpc::status::Wire;
use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::admin_service_server::AdminService;
use tonic::{Request, Response, Status};

use super::convert::{advisor, fingerprint, service_type};
use crate::app::App;
use crate::app::staff::{NewStaff, StaffChange};
use crate::domain::{CounterNumber, Invalid, Page, PersonName, ServiceCode, StaffKind, Violation, all_valid};

/// The method path that fingerprints advisor creation.
pub const CREATE_ADVISOR: &str = "/frontdesk.v1.AdminService/CreateAdvisor";

/// The admin service.
#[derive(Debug, Clone)]
pub struct AdminApi {
    app: App,
}

impl AdminApi {
    /// The service over an app.
    pub fn new(app: App) -> Self {
        Self { app }
    }
}

fn kind(value: i32, unspecified: Option<StaffKind>) -> Result<Option<StaffKind>, Violation> {
    match pb::StaffKind::try_from(value) {
        Ok(pb::StaffKind::Unspecified) => Ok(unspecified),
        Ok(pb::StaffKind::ServiceAdvisor) => Ok(Some(StaffKind::ServiceAdvisor)),
        Ok(pb::StaffKind::FollowupAgent) => Ok(Some(StaffKind::FollowupAgent)),
        Ok(pb::StaffKind::Supervisor) => Ok(Some(StaffKind::Supervisor)),
        Err(_) => Err(Invalid::new(ErrorReason::FieldInvalid, "unknown staff kind").at("kind")),
    }
}

fn service_codes(codes: &[String]) -> Result<Vec<ServiceCode>, Violation> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| ServiceCode::parse(c).map_err(|e| e.at(format!("service_codes[{i}]"))))
        .collect()
}

#[tonic::async_trait]
impl AdminService for AdminApi {
    async fn create_advisor(
        &self,
        request: Request<pb::CreateAdvisorRequest>,
    ) -> Result<Response<pb::CreateAdvisorResponse>, Status> {
        let r = request.get_ref();
        let (fingerprint, name, counter, service_codes, kind) = all_valid((
            fingerprint(CREATE_ADVISOR, r, &r.request_id, |m| m.request_id.clear()),
            PersonName::parse(&r.name).map_err(|e| e.at("name")),
            CounterNumber::parse(r.counter_number).map_err(|e| e.at("counter_number")),
            service_codes(&r.service_codes),
            kind(r.kind, Some(StaffKind::ServiceAdvisor)),
        ))
        .wire()?;
        let kind = kind.unwrap_or(StaffKind::ServiceAdvisor);
        let row = self.app.create_advisor(NewStaff { fingerprint, name, counter, service_codes, kind }).await.wire()?;
        Ok(Response::new(pb::CreateAdvisorResponse { advisor: Some(advisor(&row)) }))
    }

    async fn list_advisors(
        &self,
        request: Request<pb::ListAdvisorsRequest>,
    ) -> Result<Response<pb::ListAdvisorsResponse>, Status> {
        let r = request.into_inner();
        let (kind, page) = all_valid((
            kind(r.kind, None),
            Page::parse(r.page_size, &r.page_token, 100, 500).map_err(|(f, e)| e.at(f)),
        ))
        .wire()?;
        let (rows, next_page_token) = self.app.advisors(kind, r.include_inactive, page).await.wire()?;
        Ok(Response::new(pb::ListAdvisorsResponse { advisors: rows.iter().map(advisor).collect(), next_page_token }))
    }

    async fn update_advisor(
        &self,
        request: Request<pb::UpdateAdvisorRequest>,
    ) -> Result<Response<pb::UpdateAdvisorResponse>, Status> {
        let caller = super::auth::caller(&request)?;
        let r = request.into_inner();
        let (id, name, counter, codes) = all_valid((
            (r.advisor_id > 0)
                .then_some(r.advisor_id)
                .ok_or_else(|| Invalid::new(ErrorReason::FieldRequired, "set the advisor's id").at("advisor_id")),
            r.name.as_deref().map(|n| PersonName::parse(n).map_err(|e| e.at("name"))).transpose(),
            r.counter_number.map(|c| CounterNumber::parse(c).map_err(|e| e.at("counter_number"))).transpose(),
            r.replace_service_codes.then(|| service_codes(&r.service_codes)).transpose(),
        ))
        .wire()?;
        let change = StaffChange { name, counter, service_codes: codes, active: r.active };
        let row = self.app.update_advisor(&caller, id, change).await.wire()?;
        Ok(Response::new(pb::UpdateAdvisorResponse { advisor: Some(advisor(&row)) }))
    }

    async fn list_service_types(
        &self,
        request: Request<pb::ListServiceTypesRequest>,
    ) -> Result<Response<pb::ListServiceTypesResponse>, Status> {
        let r = request.into_inner();
        let (page,) =
            all_valid((Page::parse(r.page_size, &r.page_token, 100, 500).map_err(|(f, e)| e.at(f)),)).wire()?;
        let (rows, next_page_token) = self.app.service_types(page).await.wire()?;
        Ok(Response::new(pb::ListServiceTypesResponse {
            service_types: rows.iter().map(|(st, seats)| service_type(st, *seats)).collect(),
            next_page_token,
        }))
    }
}
