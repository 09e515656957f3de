//! Versioned schema migrations from the `.sql` files beside this module.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each pending
//! migration runs in its own transaction. A database written by a newer server
//! (a higher version than this build knows) is refused, never changed.

use rusqlite::{Connection, TransactionBehavior};

use super::Result;
use crate::domain::Error;

/// One migration.
#[derive(Debug)]
pub struct Migration {
    /// Its version: its position in [`MIGRATIONS`], counting from 1.
    pub version: u32,
    /// A short name.
    pub name: &'static str,
    /// The SQL it runs.
    pub sql: &'static str,
}

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("migrations/0001_init.sql") },
    Migration { version: 2, name: "queue", sql: include_str!("migrations/0002_queue.sql") },
    Migration { version: 3, name: "followup", sql: include_str!("migrations/0003_followup.sql") },
    Migration { version: 4, name: "overbooked_by", sql: include_str!("migrations/0004_overbooked_by.sql") },
    Migration { version: 5, name: "open_tickets", sql: include_str!("migrations/0005_open_tickets.sql") },
    Migration {
        version: 6,
        name: "kiosk_and_queue_clock",
        sql: include_str!("migrations/0006_kiosk_and_queue_clock.sql"),
    },
    Migration { version: 7, name: "followup_desk", sql: include_str!("migrations/0007_followup_desk.sql") },
    Migration { version: 8, name: "work_orders", sql: include_str!("migrations/0008_work_orders.sql") },
    Migration { version: 9, name: "settlements", sql: include_str!("migrations/0009_settlements.sql") },
    Migration { version: 10, name: "parts_and_claims", sql: include_str!("migrations/0010_parts_and_claims.sql") },
    Migration { version: 11, name: "recalls", sql: include_str!("migrations/0011_recalls.sql") },
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// What [`migrate`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    /// The version found.
    pub from: u32,
    /// The version left.
    pub to: u32,
}

/// The schema version of a database.
pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every pending migration.
pub fn migrate(conn: &mut Connection) -> Result<Migrated> {
    let from = schema_version(conn)?;
    if from > latest_version() {
        return Err(Error::internal(format!(
            "the database has schema version {from}, newer than this server's {}; \
             use a newer frontdesk-server (the database was left untouched)",
            latest_version()
        ))
        .into());
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sql)
            .map_err(|e| Error::internal_from(format!("migration {} ({})", migration.version, migration.name), e))?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
        tracing::info!(version = migration.version, name = migration.name, "applied migration");
    }
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken > 0 {
        return Err(Error::internal(format!("{broken} rows break foreign keys after migrating")).into());
    }
    Ok(Migrated { from, to: latest_version() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn
    }

    #[test]
    fn versions_count_up_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
        }
    }

    #[test]
    fn migrating_an_empty_database_reaches_the_latest_version_and_is_idempotent() {
        let mut conn = memory();
        assert_eq!(migrate(&mut conn).unwrap(), Migrated { from: 0, to: latest_version() });
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        assert_eq!(migrate(&mut conn).unwrap(), Migrated { from: latest_version(), to: latest_version() });
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn every_table_is_strict() {
        let mut conn = memory();
        migrate(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        let tables: Vec<(String, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        assert!(tables.len() >= 9, "{tables:?}");
        for (name, strict) in tables {
            assert_eq!(strict, 1, "table {name} must be STRICT");
        }
    }

    #[test]
    fn the_default_service_types_are_seeded() {
        let mut conn = memory();
        migrate(&mut conn).unwrap();
        let codes: Vec<String> = conn
            .prepare("SELECT code FROM service_types ORDER BY display_order")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(codes, ["maintenance", "repair", "body_paint", "warranty"]);
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let mut conn = memory();
        conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), latest_version() + 1);
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn escalations_from_before_the_research_step_stay_the_supervisors_and_calls_say_why() {
        let mut conn = memory();
        for m in MIGRATIONS.iter().filter(|m| m.version <= 5) {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, phone, created_at, updated_at) VALUES (1, '13900000001', 0, 0);
             INSERT INTO escalations (customer_id, complaint, raised_at, due_at, raised_by)
             VALUES (1, '异响', 100, 172900, 'followup:7');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let (reported, by, research): (Option<i64>, String, Option<i64>) = conn
            .query_row("SELECT reported_at, reported_by, research_due_at FROM escalations", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((reported, by.as_str(), research), (Some(100), "followup:7", None), "with the supervisor at once");
        // An outbound call without a follow-up must say why it was made; others may not.
        let call = |follow_up: &str, purpose: &str| {
            conn.execute(
                &format!(
                    "INSERT INTO calls (follow_up_id, customer_id, inbound, at, agent, outcome, purpose)
                     VALUES ({follow_up}, 1, 0, 1, 'x', 'REACHED', {purpose})"
                ),
                [],
            )
        };
        assert!(call("NULL", "NULL").unwrap_err().to_string().contains("CHECK"));
        assert!(call("NULL", "'LOST_CUSTOMER'").is_ok());
        assert!(call("NULL", "'ELSE'").unwrap_err().to_string().contains("CHECK"));
    }

    #[test]
    fn the_seat_check_refuses_more_seats_than_capacity() {
        let mut conn = memory();
        migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO slot_seats (service_code, slot_start, capacity, booked) VALUES ('repair', 0, 1, 1)",
            [],
        )
        .unwrap();
        let err = conn.execute("UPDATE slot_seats SET booked = booked + 1", []).unwrap_err();
        assert!(err.to_string().contains("CHECK"), "{err}");
    }
}
