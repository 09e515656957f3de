//! The monthly advisor ranking: active service advisors (and any who received visits
//! that month) by output value (产值: what the cars they handed back were worth), then
//! visits received, with CSI, receptions and no-shows; the lowest this month, and
//! flagged when lowest by output value the month before too (the seed's rule).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Rank;
use crate::app::Settings;
use crate::domain::report;
use crate::domain::{Result, StaffKind};
use crate::store::kpis::ranking as kpis;
use crate::store::{advisors, secs};

/// The ranking of the month `from`..`to`.
pub(super) fn ranking(conn: &Connection, settings: &Settings, from: NaiveDate, to: NaiveDate) -> Result<Vec<Rank>> {
    let (start, _) = settings.schedule.day_bounds(from);
    let (_, end) = settings.schedule.day_bounds(to);
    let (prev_from, prev_to) = report::previous_month(from);
    let (_, prev_end) = settings.schedule.day_bounds(prev_to);
    let (start, end) = (secs(start), secs(end));
    let visits = kpis::visits_by_advisor(conn, &from.to_string(), &to.to_string())?;
    let previous = kpis::visits_by_advisor(conn, &prev_from.to_string(), &prev_to.to_string())?;
    let advisors: Vec<(i64, String, i64)> = advisors::list(conn, Some(StaffKind::ServiceAdvisor), true, 0, u32::MAX)?
        .into_iter()
        .filter(|a| (a.active && a.created_at < end) || visits.contains_key(&a.id))
        .map(|a| (a.id, a.name, a.created_at))
        .collect();
    let (_, per_advisor_csi) = super::figures::csi(conn, start, end)?;
    let mut receptions: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for r in kpis::receptions(conn, start, end)? {
        receptions.entry(r.advisor_id).or_default().push(r.seconds);
    }
    let no_shows = kpis::no_shows_by_advisor(conn, start, end)?;
    let (prev_start, _) = settings.schedule.day_bounds(prev_from);
    let output = super::values::output_by_advisor(conn, start, end)?;
    let previous_output = super::values::output_by_advisor(conn, secs(prev_start), secs(prev_end))?;
    let mut rows: Vec<Rank> = Vec::new();
    for (id, name, _) in &advisors {
        let times = report::durations(receptions.remove(id).unwrap_or_default());
        rows.push(Rank {
            rank: 0,
            advisor: (*id, name.clone()),
            visits: visits.get(id).copied().unwrap_or(0),
            csi: per_advisor_csi.iter().find(|(a, _, _)| a == id).map(|(_, _, r)| *r).unwrap_or_default(),
            receptions: (times.count, times.mean),
            no_shows: no_shows.get(id).copied().unwrap_or(0),
            previous_visits: previous.get(id).copied().unwrap_or(0),
            output: output.get(id).copied().unwrap_or_default(),
            previous_output: previous_output.get(id).copied().unwrap_or_default(),
            lowest: false,
            lowest_output: false,
            flagged: false,
        });
    }
    let back_then: Vec<i64> =
        advisors.iter().filter(|(_, _, created)| *created < secs(prev_end)).map(|a| a.0).collect();
    rank(&mut rows, &back_then);
    Ok(rows)
}

/// Ranks by output value, then visits (ties in both share a rank). Lowest: the least
/// of either, when not everybody has as much. Flagged: lowest by output value this
/// month and, among the advisors on the books then (`back_then`), the month before too.
fn rank(rows: &mut [Rank], back_then: &[i64]) {
    rows.sort_by(|a, b| b.output.cmp(&a.output).then(b.visits.cmp(&a.visits)).then(a.advisor.0.cmp(&b.advisor.0)));
    for i in 0..rows.len() {
        let tied = i > 0 && (rows[i].output, rows[i].visits) == (rows[i - 1].output, rows[i - 1].visits);
        rows[i].rank = if tied { rows[i - 1].rank } else { i as u32 + 1 };
    }
    let (least, most) = (rows.iter().map(|r| r.visits).min(), rows.iter().map(|r| r.visits).max());
    let (least_out, most_out) = (rows.iter().map(|r| r.output).min(), rows.iter().map(|r| r.output).max());
    let prev: Vec<_> = rows.iter().filter(|r| back_then.contains(&r.advisor.0)).map(|r| r.previous_output).collect();
    let (prev_least, prev_most) = (prev.iter().min().copied(), prev.iter().max().copied());
    for r in rows {
        r.lowest = least < most && Some(r.visits) == least;
        r.lowest_output = least_out < most_out && Some(r.output) == least_out;
        r.flagged = r.lowest_output
            && prev_least < prev_most
            && back_then.contains(&r.advisor.0)
            && Some(r.previous_output) == prev_least;
    }
}
