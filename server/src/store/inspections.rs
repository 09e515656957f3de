//! The `inspections` and `inspection_damages` tables: the reception sheet of a visit
//! and the damage marked on its walk-around (one sheet, its marks with it).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, named};
use crate::domain::records::InspectionSheet;
use crate::domain::workorder::{Inspection, PanelDamage};

/// Records a visit's sheet, replacing the one recorded before (and its marks).
pub fn put(conn: &Connection, visit_id: i64, sheet: &Inspection, by: &str, at: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM inspection_damages WHERE visit_id = ?1")?.execute([visit_id])?;
    conn.prepare_cached(
        "INSERT INTO inspections (visit_id, mileage_km, fuel_eighths, valuables, customer_words, findings,
             recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (visit_id) DO UPDATE SET mileage_km = ?2, fuel_eighths = ?3, valuables = ?4,
             customer_words = ?5, findings = ?6, recorded_by = ?7, recorded_at = ?8",
    )?
    .execute(params![
        visit_id,
        sheet.mileage_km,
        sheet.fuel_eighths,
        sheet.valuables,
        sheet.customer_words,
        sheet.findings,
        by,
        at
    ])?;
    let mut mark =
        conn.prepare_cached("INSERT INTO inspection_damages (visit_id, panel, kind, note) VALUES (?1, ?2, ?3, ?4)")?;
    for d in &sheet.damages {
        mark.execute(params![visit_id, <&str>::from(d.panel), <&str>::from(d.damage), d.note])?;
    }
    Ok(())
}

/// A visit's sheet, `None` until recorded.
pub fn get(conn: &Connection, visit_id: i64) -> Result<Option<InspectionSheet>> {
    let found = conn
        .prepare_cached(
            "SELECT mileage_km, fuel_eighths, valuables, customer_words, findings, recorded_by, recorded_at
             FROM inspections WHERE visit_id = ?1",
        )?
        .query_row([visit_id], |r| {
            Ok(InspectionSheet {
                inspection: Inspection {
                    mileage_km: r.get(0)?,
                    fuel_eighths: r.get(1)?,
                    valuables: r.get(2)?,
                    damages: Vec::new(),
                    customer_words: r.get(3)?,
                    findings: r.get(4)?,
                },
                recorded_by: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })
        .optional()?;
    let Some(mut sheet) = found else { return Ok(None) };
    let mut marks =
        conn.prepare_cached("SELECT panel, kind, note FROM inspection_damages WHERE visit_id = ?1 ORDER BY rowid")?;
    sheet.inspection.damages = marks
        .query_map([visit_id], |r| Ok(PanelDamage { panel: named(r, 0)?, damage: named(r, 1)?, note: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workorder::{Damage, Panel};
    use crate::store::testing::{cars, db, noon, staff, visit};

    #[test]
    fn a_sheet_is_kept_with_its_marks_and_replaced_when_recorded_again() {
        let conn = db();
        let [car, ..] = cars(&conn);
        let advisor = staff(&conn, "王芳", "SERVICE_ADVISOR", noon("2030-03-01"), &["repair"]);
        let v = visit(&conn, car, advisor, "repair", "2030-03-04", noon("2030-03-04"));
        assert_eq!(get(&conn, v).unwrap(), None);
        let dent = PanelDamage { panel: Panel::RearBumper, damage: Damage::Dent, note: "硬币大小".into() };
        let mut sheet = Inspection {
            mileage_km: 12_000,
            fuel_eighths: 3,
            valuables: "行车记录仪".into(),
            damages: vec![dent.clone()],
            customer_words: "刹车异响".into(),
            findings: "前刹车片磨损".into(),
        };
        put(&conn, v, &sheet, "advisor:1", 100).unwrap();
        let kept = get(&conn, v).unwrap().expect("kept");
        assert_eq!((kept.inspection.clone(), kept.recorded_at), (sheet.clone(), 100));
        sheet.damages = vec![PanelDamage { damage: Damage::Scratch, ..dent }];
        sheet.fuel_eighths = 8;
        put(&conn, v, &sheet, "advisor:1", 200).unwrap();
        assert_eq!(get(&conn, v).unwrap().expect("kept").inspection, sheet, "replaced, marks too");
    }
}
