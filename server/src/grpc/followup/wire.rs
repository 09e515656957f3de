//! The follow-up desk's records on the wire: calls, letters, follow-ups, campaigns,
//! worklist rows.

use frontdesk_proto::v1 as pb;

use super::enums::*;
use crate::app::desk::{DueVehicle, Incomplete, Lost};
use crate::app::followup::FollowUpView;
use crate::domain::records::Call as CallRow;
use crate::domain::records::Campaign as CampaignRow;
use crate::domain::records::Letter as LetterRow;
use crate::grpc::convert::{timestamp, visit_flags};

pub(super) fn call(c: &CallRow) -> pb::FollowUpCall {
    pb::FollowUpCall {
        call_id: c.id,
        call_time: timestamp(c.at),
        inbound: c.inbound,
        outcome: outcome_pb(c.outcome),
        satisfaction: c.satisfaction.map_or(0, i32::from),
        topics: topics_pb(&c.topics),
        requests: c.requests.clone(),
        complaints: c.complaints.clone(),
        answered_on_call: c.answered_on_call,
        note: c.note.clone(),
        agent: c.agent.clone(),
        inbound_kind: c.inbound_kind.clone().unwrap_or_default(),
        too_early: c.too_early,
        new_content: c.new_content.clone(),
        purpose: purpose_pb(c.purpose),
        lost_reason: c.lost_reason.clone(),
    }
}

pub(super) fn letter(l: &LetterRow, today: &str) -> pb::Letter {
    let overdue = match &l.sent_date {
        Some(sent) => sent.as_str() > l.due_date.as_str(),
        None => today > l.due_date.as_str(),
    };
    pb::Letter {
        letter_id: l.id,
        customer_id: l.customer_id,
        reason: l.reason.clone(),
        due_date: l.due_date.clone(),
        sent_date: l.sent_date.clone().unwrap_or_default(),
        content: l.content.clone(),
        sent_by: l.sent_by.clone(),
        follow_up_id: l.follow_up_id.unwrap_or(0),
        campaign_id: l.campaign_id.unwrap_or(0),
        overdue,
    }
}

pub(super) fn follow_up(v: &FollowUpView, today: &str) -> pb::FollowUp {
    let r = &v.row;
    pb::FollowUp {
        follow_up_id: r.id,
        kind: kind_pb(r.kind),
        status: status_pb(r.status),
        due_state: due_pb(v.due_state),
        customer_id: r.customer_id,
        customer_name: r.customer_name.clone(),
        phone: r.phone.clone(),
        plate: r.plate.clone(),
        work_order: r.work_order.clone(),
        campaign_id: r.campaign_id.unwrap_or(0),
        owner_agent_id: r.owner_agent_id.unwrap_or(0),
        assigned_agent_id: v.assigned_agent_id.unwrap_or(0),
        due_from: r.due_from.clone(),
        due_until: r.due_until.clone(),
        next_attempt_date: r.next_attempt_date.clone().unwrap_or_default(),
        attempts: i32::try_from(r.attempts).unwrap_or(i32::MAX),
        earlier_topics: topics_pb(&v.earlier_topics),
        flags: visit_flags(r.mystery_shopper, r.likely_to_complain),
        calls: v.calls.iter().map(call).collect(),
        letters: v.letters.iter().map(|l| letter(l, today)).collect(),
        callback_note: r.callback_note.clone(),
        inbound_call_id: r.inbound_call_id.unwrap_or(0),
    }
}

pub(super) fn campaign(c: &CampaignRow) -> pb::Campaign {
    let kind = pb::CampaignKind::from_str_name(&format!("CAMPAIGN_KIND_{}", c.kind)).unwrap_or_default();
    let audience = pb::AudienceKind::from_str_name(&format!("AUDIENCE_KIND_{}", c.audience)).unwrap_or_default();
    pb::Campaign {
        campaign_id: c.id,
        name: c.name.clone(),
        kind: kind as i32,
        event_date: c.event_date.clone(),
        audience: audience as i32,
        due_before: c.due_before.clone().unwrap_or_default(),
        vehicles: c.vehicles.split(',').filter(|v| !v.is_empty()).map(str::to_owned).collect(),
        invitations: i32::try_from(c.invitations).unwrap_or(i32::MAX),
        call_date: c.call_date.clone(),
    }
}

pub(super) fn due_vehicle(d: &DueVehicle) -> pb::MaintenanceDue {
    pb::MaintenanceDue {
        customer_id: d.customer.0,
        customer_name: d.customer.1.clone(),
        phone: d.customer.2.clone(),
        plate: d.vehicle.0.clone(),
        model: d.vehicle.1.clone(),
        next_maintenance_due: d.due.clone(),
        follow_up_id: d.follow_up_id,
    }
}

pub(super) fn lost(l: &Lost) -> pb::LostCustomer {
    let r = &l.row;
    pb::LostCustomer {
        customer_id: r.customer_id,
        customer_name: r.name.clone(),
        phone: r.phone.clone(),
        plates: l.plates.clone(),
        last_visit_date: r.last_visit.clone().unwrap_or_default(),
        lost_reason: r.lost_reason.clone(),
        last_call_time: r.last_call.and_then(|(at, _)| timestamp(at)),
        last_call_outcome: outcome_pb(r.last_call.map(|(_, o)| o)),
        calls: i32::try_from(r.calls).unwrap_or(i32::MAX),
    }
}

pub(super) fn incomplete(f: &Incomplete) -> pb::IncompleteFile {
    pb::IncompleteFile {
        customer_id: f.customer.0,
        customer_name: f.customer.1.clone(),
        plate: f.visit.0.clone(),
        work_order: f.visit.1.clone(),
        visit_date: f.visit.2.clone(),
        missing: f.missing.clone(),
    }
}
