//! The `campaigns` table: 联谊活动, 优惠活动, 免费检测 and recalls, each with the day its
//! invitations are called.

use rusqlite::{Connection, params};

use super::Result;

/// A stored campaign.
pub use crate::domain::records::Campaign as CampaignRow;

/// Adds a campaign and returns its id.
pub fn insert(conn: &Connection, c: &CampaignRow, by: &str, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO campaigns (name, kind, event_date, call_date, audience, due_before, vehicles, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![c.name, c.kind, c.event_date, c.call_date, c.audience, c.due_before, c.vehicles, by, now])?;
    Ok(conn.last_insert_rowid())
}

/// Campaigns (or the one with `id`), latest date first, one page; each with the
/// invitation calls it opened.
pub fn list(conn: &Connection, id: Option<i64>, offset: u32, limit: u32) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.kind, c.event_date, c.call_date, c.audience, c.due_before, c.vehicles,
                (SELECT count(*) FROM follow_ups f WHERE f.campaign_id = c.id)
         FROM campaigns c WHERE (?1 IS NULL OR c.id = ?1) ORDER BY c.event_date DESC, c.id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(params![id, limit, offset], |r| {
            Ok(CampaignRow {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                event_date: r.get(3)?,
                call_date: r.get(4)?,
                audience: r.get(5)?,
                due_before: r.get(6)?,
                vehicles: r.get(7)?,
                invitations: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::FollowUpKind;
    use crate::store::followups::{self, NewFollowUp};
    use crate::store::testing::{customer_with_car, db};

    fn campaign(name: &str, event_date: &str) -> CampaignRow {
        CampaignRow {
            id: 0,
            name: name.into(),
            kind: "FREE_CHECK".into(),
            event_date: event_date.into(),
            call_date: "2030-03-01".into(),
            audience: "VEHICLES".into(),
            due_before: None,
            vehicles: "沪A00001".into(),
            invitations: 0,
        }
    }

    #[test]
    fn campaigns_list_latest_first_with_the_invitations_they_opened() {
        let conn = db();
        let (customer, vehicle) = customer_with_car(&conn, "13900000001", "沪A00001");
        let early = insert(&conn, &campaign("春季检测", "2030-03-15"), "supervisor:9", 0).unwrap();
        let late = insert(&conn, &campaign("冬季空调检测", "2030-12-23"), "supervisor:9", 0).unwrap();
        let invitation = NewFollowUp {
            kind: FollowUpKind::Campaign,
            customer_id: customer,
            vehicle_id: Some(vehicle),
            visit_id: None,
            campaign_id: Some(early),
            previous_id: None,
            owner_agent_id: None,
            due_from: "2030-03-01",
            due_until: "2030-03-01",
            reminder_for: None,
            inbound_call_id: None,
        };
        followups::insert(&conn, &invitation, 0).unwrap();
        let rows = list(&conn, None, 0, 10).unwrap();
        assert_eq!(rows.iter().map(|c| (c.id, c.invitations)).collect::<Vec<_>>(), [(late, 0), (early, 1)]);
        assert_eq!(rows[1], CampaignRow { id: early, invitations: 1, ..campaign("春季检测", "2030-03-15") });
        assert_eq!(list(&conn, None, 1, 10).unwrap().len(), 1, "the second page");
        assert_eq!(list(&conn, Some(late), 0, 1).unwrap()[0].name, "冬季空调检测");
    }
}
