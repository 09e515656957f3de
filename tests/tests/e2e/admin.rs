//! Staff and service types.

use frontdesk_proto::v1 as pb;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;

use crate::request_id;

#[tokio::test]
async fn staff_are_created_once_listed_by_kind_and_deactivated() {
    let server = TestServer::start().await;
    let mut admin = server.connect(Role::Admin).await.admin();
    let request = pb::CreateAdvisorRequest {
        request_id: request_id(),
        name: "陈静".into(),
        counter_number: 5,
        service_codes: vec!["body_paint".into(), "warranty".into()],
        kind: pb::StaffKind::ServiceAdvisor as i32,
    };
    let created = admin.create_advisor(request.clone()).await.expect("creates").into_inner().advisor.expect("advisor");
    let retried = admin.create_advisor(request).await.expect("retry").into_inner().advisor.expect("advisor");
    assert_eq!(created.advisor_id, retried.advisor_id);
    assert_eq!(created.service_codes, ["body_paint", "warranty"]);

    let list = |kind: pb::StaffKind, inactive: bool| pb::ListAdvisorsRequest {
        kind: kind as i32,
        include_inactive: inactive,
        ..Default::default()
    };
    let advisors =
        admin.list_advisors(list(pb::StaffKind::ServiceAdvisor, false)).await.expect("lists").into_inner().advisors;
    assert_eq!(advisors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["王磊", "陈静"]);
    let everyone =
        admin.list_advisors(list(pb::StaffKind::Unspecified, false)).await.expect("lists").into_inner().advisors;
    assert_eq!(everyone.len(), 4);

    let updated = admin
        .update_advisor(pb::UpdateAdvisorRequest {
            advisor_id: created.advisor_id,
            active: Some(false),
            replace_service_codes: true,
            service_codes: vec!["repair".into()],
            ..Default::default()
        })
        .await
        .expect("updates")
        .into_inner()
        .advisor
        .expect("advisor");
    assert!(!updated.active);
    assert_eq!(updated.service_codes, ["repair"]);
    let active =
        admin.list_advisors(list(pb::StaffKind::ServiceAdvisor, false)).await.expect("lists").into_inner().advisors;
    assert_eq!(active.len(), 1, "deactivated staff are hidden by default");
    let all =
        admin.list_advisors(list(pb::StaffKind::ServiceAdvisor, true)).await.expect("lists").into_inner().advisors;
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn the_kiosk_reads_the_service_types_with_their_seats() {
    let server = TestServer::start().await;
    let mut admin = server.connect(Role::Kiosk).await.admin();
    let types = admin
        .list_service_types(pb::ListServiceTypesRequest::default())
        .await
        .expect("lists")
        .into_inner()
        .service_types;
    let summary: Vec<(&str, &str, i32)> =
        types.iter().map(|t| (t.code.as_str(), t.ticket_prefix.as_str(), t.slot_capacity)).collect();
    assert_eq!(summary, [("maintenance", "B", 3), ("repair", "W", 2), ("body_paint", "P", 1), ("warranty", "S", 1)]);
    assert_eq!(types[0].name_zh, "保养");
}
