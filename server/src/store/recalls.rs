//! The `recall_campaigns` and `recall_vehicles` tables: a carmaker's recall campaign,
//! the VINs it covers, and how each was closed.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, named_or_null};
use crate::domain::recall::RecallOutcome;
use crate::domain::records::VehicleRecall;

/// Adds a campaign (or finds it by its code, keeping its title) and returns its id.
pub fn campaign(conn: &Connection, code: &str, title: &str, by: &str, at: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO recall_campaigns (code, title, imported_by, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (code) DO NOTHING",
    )?
    .execute(params![code, title, by, at])?;
    Ok(conn.prepare_cached("SELECT id FROM recall_campaigns WHERE code = ?1")?.query_row([code], |r| r.get(0))?)
}

/// Adds a VIN to a campaign; false when it was in it already.
pub fn add_vin(conn: &Connection, campaign_id: i64, vin: &str) -> Result<bool> {
    let added = conn
        .prepare_cached("INSERT INTO recall_vehicles (campaign_id, vin) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
        .execute(params![campaign_id, vin])?;
    Ok(added == 1)
}

const SELECT: &str = "SELECT c.code, c.title, r.vin, coalesce(v.plate, ''), r.outcome, r.work_order, r.closed_by,
        r.closed_at
    FROM recall_vehicles r JOIN recall_campaigns c ON c.id = r.campaign_id
    LEFT JOIN vehicles v ON v.vin = r.vin AND v.vin <> ''";

fn from_row(r: &Row<'_>) -> rusqlite::Result<VehicleRecall> {
    Ok(VehicleRecall {
        code: r.get(0)?,
        title: r.get(1)?,
        vin: r.get(2)?,
        plate: r.get(3)?,
        outcome: named_or_null(r, 4)?,
        work_order: r.get(5)?,
        closed_by: r.get(6)?,
        closed_at: r.get(7)?,
    })
}

/// One recall: a campaign's VIN.
pub fn get(conn: &Connection, code: &str, vin: &str) -> Result<Option<VehicleRecall>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.code = ?1 AND r.vin = ?2"))?;
    Ok(stmt.query_row([code, vin], from_row).optional()?)
}

/// Open recalls: of one VIN, of one campaign, or all; by campaign, then VIN.
pub fn open(conn: &Connection, vin: Option<&str>, code: Option<&str>) -> Result<Vec<VehicleRecall>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.outcome IS NULL AND (?1 IS NULL OR r.vin = ?1) AND (?2 IS NULL OR c.code = ?2)
         ORDER BY c.code, r.vin"
    ))?;
    Ok(stmt.query_map(params![vin, code], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Whether a VIN has an open recall (never for an empty one).
pub fn has_open(conn: &Connection, vin: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM recall_vehicles WHERE vin = ?1 AND vin <> '' AND outcome IS NULL)",
    )?;
    Ok(stmt.query_row([vin], |r| r.get(0))?)
}

/// Every recall of a campaign, open or closed; `None` when there is no such campaign.
pub fn of_campaign(conn: &Connection, code: &str) -> Result<Option<Vec<VehicleRecall>>> {
    let known: Option<i64> = conn
        .prepare_cached("SELECT id FROM recall_campaigns WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    if known.is_none() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.code = ?1 ORDER BY r.vin"))?;
    Ok(Some(stmt.query_map([code], from_row)?.collect::<rusqlite::Result<_>>()?))
}

/// Closes a recall.
pub fn close(
    conn: &Connection,
    code: &str,
    vin: &str,
    outcome: RecallOutcome,
    work_order: &str,
    by: &str,
    at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE recall_vehicles SET outcome = ?3, work_order = ?4, closed_by = ?5, closed_at = ?6
         WHERE vin = ?2 AND campaign_id = (SELECT id FROM recall_campaigns WHERE code = ?1)",
    )?
    .execute(params![code, vin, <&str>::from(outcome), work_order, by, at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{cars, db};

    #[test]
    fn a_campaign_keeps_its_vins_once_and_how_each_was_closed() {
        let conn = db();
        let [car, ..] = cars(&conn);
        conn.execute("UPDATE vehicles SET vin = 'LSVAA4181E2123456' WHERE id = ?1", [car.1]).unwrap();
        let id = campaign(&conn, "R-2030-01", "制动软管召回", "supervisor:1", 10).unwrap();
        assert_eq!(campaign(&conn, "R-2030-01", "another title", "supervisor:1", 20).unwrap(), id, "found again");
        assert!(add_vin(&conn, id, "LSVAA4181E2123456").unwrap());
        assert!(!add_vin(&conn, id, "LSVAA4181E2123456").unwrap(), "once");
        assert!(add_vin(&conn, id, "LFV2A21K8B3000001").unwrap());
        let open_ones = open(&conn, None, Some("R-2030-01")).unwrap();
        assert_eq!(open_ones.len(), 2);
        assert_eq!(
            (open_ones[0].vin.as_str(), open_ones[0].plate.as_str()),
            ("LFV2A21K8B3000001", ""),
            "a VIN not on file"
        );
        assert_eq!(open(&conn, Some("LSVAA4181E2123456"), None).unwrap()[0].title, "制动软管召回");
        close(&conn, "R-2030-01", "LSVAA4181E2123456", RecallOutcome::DoneElsewhere, "", "advisor:1", 30).unwrap();
        let kept = get(&conn, "R-2030-01", "LSVAA4181E2123456").unwrap().expect("kept");
        assert_eq!((kept.outcome, kept.closed_at), (Some(RecallOutcome::DoneElsewhere), Some(30)));
        assert_eq!(open(&conn, None, None).unwrap().len(), 1);
        assert!(!has_open(&conn, "LSVAA4181E2123456").unwrap() && has_open(&conn, "LFV2A21K8B3000001").unwrap());
        assert!(!has_open(&conn, "").unwrap());
        assert_eq!(of_campaign(&conn, "R-2030-01").unwrap().expect("known").len(), 2);
        assert_eq!(of_campaign(&conn, "R-1").unwrap(), None);
    }
}
