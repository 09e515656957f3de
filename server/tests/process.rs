//! The `frontdesk-server` binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use frontdesk_proto::client::{BearerToken, Connection};
use frontdesk_proto::v1 as pb;

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk-server");

/// A server process and the URL it printed.
struct Process {
    child: Child,
    url: String,
    stdout: Vec<String>,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data_dir: &Path, extra: &[&str]) -> Process {
    let child = Command::new(BIN)
        .env_clear()
        .args(["--data-dir", data_dir.to_str().expect("utf-8"), "--listen", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    // Owned by `Process` from here on, so it is killed and reaped however the test ends.
    let mut process = Process { child, url: String::new(), stdout: Vec::new() };
    let mut lines = BufReader::new(process.child.stdout.take().expect("stdout")).lines();
    while process.url.is_empty() {
        let line = lines.next().expect("the server prints where it listens").expect("utf-8");
        if let Some(url) = line.strip_prefix("frontdesk-server listening on ") {
            process.url = url.to_owned();
        }
        process.stdout.push(line);
    }
    process
}

fn tokens(data_dir: &Path) -> toml::Table {
    let text = std::fs::read_to_string(data_dir.join("demo-tokens.toml")).expect("token file");
    text.parse::<toml::Table>().expect("toml")["tokens"].as_table().expect("tokens").clone()
}

async fn connect(url: &str, token: &str) -> Connection {
    Connection::connect(url, BearerToken::new(token).expect("ascii")).await.expect("connects")
}

fn run(data_dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .env_clear()
        .args(["--data-dir", data_dir.to_str().expect("utf-8")])
        .args(args)
        .output()
        .expect("runs")
}

fn appointment_count(data_dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(data_dir.join("frontdesk.sqlite3")).expect("opens");
    conn.query_row("SELECT count(*) FROM appointments", [], |r| r.get(0)).expect("counts")
}

#[tokio::test]
async fn demo_seeds_once_and_writes_a_private_token_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let first = start(dir.path(), &["--demo"]);
    assert!(first.stdout.iter().any(|l| l.starts_with("demo store seeded")), "{:?}", first.stdout);
    let file = dir.path().join("demo-tokens.toml");
    assert!(first.stdout.iter().any(|l| l == &format!("demo tokens: {}", file.display())));
    assert_eq!(std::fs::metadata(&file).expect("file").permissions().mode() & 0o777, 0o600);
    let written = tokens(dir.path());
    for role in ["kiosk", "advisor", "followup", "supervisor", "admin"] {
        assert!(written.contains_key(role), "{role}");
    }

    let supervisor = written["supervisor"].as_str().expect("token");
    let staff = connect(&first.url, supervisor)
        .await
        .admin()
        .list_advisors(pb::ListAdvisorsRequest { kind: pb::StaffKind::ServiceAdvisor as i32, ..Default::default() })
        .await
        .expect("lists")
        .into_inner()
        .advisors;
    assert_eq!(staff.len(), 6, "six advisors with counters");
    assert!(staff.iter().all(|a| a.counter_number > 0 && !a.service_codes.is_empty()));
    let appointments = connect(&first.url, supervisor)
        .await
        .appointments()
        .list_appointments(pb::ListAppointmentsRequest::default())
        .await
        .expect("lists")
        .into_inner()
        .appointments;
    assert!(appointments.len() >= 4, "a few appointments: {}", appointments.len());
    let customers: std::collections::BTreeSet<i64> = appointments.iter().map(|a| a.customer_id).collect();
    assert!(customers.len() >= 4, "for a few customers");
    drop(first);

    let second = start(dir.path(), &["--demo"]);
    assert!(!second.stdout.iter().any(|l| l.starts_with("demo store seeded")), "a seeded database is not seeded again");
    assert_eq!(tokens(dir.path())["supervisor"].as_str(), Some(supervisor), "tokens stay valid");
    connect(&second.url, supervisor)
        .await
        .admin()
        .list_service_types(pb::ListServiceTypesRequest::default())
        .await
        .expect("the old token still works");
    drop(second);

    // A new database beside the old token file gets tokens that work with it.
    for name in ["frontdesk.sqlite3", "frontdesk.sqlite3-wal", "frontdesk.sqlite3-shm"] {
        let _ = std::fs::remove_file(dir.path().join(name));
    }
    let third = start(dir.path(), &["--demo"]);
    assert!(third.stdout.iter().any(|l| l.starts_with("demo store seeded")), "{:?}", third.stdout);
    let renewed = tokens(dir.path())["supervisor"].as_str().expect("token").to_owned();
    assert_ne!(renewed, supervisor);
    connect(&third.url, &renewed)
        .await
        .admin()
        .list_service_types(pb::ListServiceTypesRequest::default())
        .await
        .expect("the renewed token works");
}

#[tokio::test]
async fn an_acknowledged_booking_survives_a_kill_minus_nine() {
    let dir = tempfile::tempdir().expect("dir");
    let mut server = start(dir.path(), &["--demo"]);
    let kiosk = tokens(dir.path())["kiosk"].as_str().expect("token").to_owned();
    let before = appointment_count(dir.path());
    let mut client = connect(&server.url, &kiosk).await.kiosk();
    let tomorrow =
        chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive() + chrono::Duration::days(2);
    let slot = tomorrow
        .and_hms_opt(15, 0, 0)
        .expect("time")
        .and_local_timezone(chrono_tz::Asia::Shanghai)
        .single()
        .expect("slot");
    let booked = client
        .book_appointment(pb::BookAppointmentRequest {
            request_id: "kill-9".into(),
            plate: "闽D12345".into(),
            phone: "13344445555".into(),
            customer_name: String::new(),
            service_code: "repair".into(),
            slot_start: Some(prost_types::Timestamp { seconds: slot.timestamp(), nanos: 0 }),
            provisional_number: String::new(),
        })
        .await
        .expect("acknowledged")
        .into_inner();
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("dead");
    assert_eq!(appointment_count(dir.path()), before + 1, "the booking is on disk without a clean shutdown");

    let restarted = start(dir.path(), &[]);
    let mut client = connect(&restarted.url, &kiosk).await.kiosk();
    let found = client
        .identify_vehicle(pb::IdentifyVehicleRequest { plate: "闽D12345".into(), phone_last4: "5555".into() })
        .await
        .expect("answers")
        .into_inner();
    assert_eq!(found.appointments.first().map(|a| a.confirmation_code.clone()), Some(booked.confirmation_code));
}

#[tokio::test]
async fn sigterm_shuts_down_gracefully() {
    let dir = tempfile::tempdir().expect("dir");
    let mut server = start(dir.path(), &[]);
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    let mut waited = Duration::ZERO;
    while server.child.try_wait().expect("wait").is_none() {
        assert!(waited < Duration::from_secs(15), "exits within the hard deadline");
        std::thread::sleep(Duration::from_millis(50));
        waited += Duration::from_millis(50);
    }
    let status = server.child.wait().expect("status");
    assert!(status.success(), "a graceful stop exits 0, got {status:?}");
}

#[tokio::test]
async fn tokens_migrations_and_backups_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let migrated = run(dir.path(), &["migrate"]);
    assert!(migrated.status.success());
    let expected = format!("schema version {}", frontdesk_server::store::migrations::latest_version());
    assert!(String::from_utf8_lossy(&migrated.stdout).contains(&expected), "{migrated:?}");

    let kiosk = run(dir.path(), &["token", "create", "--role", "kiosk", "--label", "entrance"]);
    assert!(kiosk.status.success());
    let token = String::from_utf8(kiosk.stdout).expect("utf-8").trim().to_owned();
    assert!(token.starts_with("fdt_"));
    let stored: String = rusqlite::Connection::open(dir.path().join("frontdesk.sqlite3"))
        .expect("opens")
        .query_row("SELECT token_hash FROM api_tokens", [], |r| r.get(0))
        .expect("stored");
    assert_ne!(stored, token, "only a hash is stored");

    let refused = run(dir.path(), &["token", "create", "--role", "advisor"]);
    assert!(!refused.status.success(), "an advisor token names its advisor");

    let server = start(dir.path(), &[]);
    connect(&server.url, &token)
        .await
        .admin()
        .list_service_types(pb::ListServiceTypesRequest::default())
        .await
        .expect("the new token works at once");

    // Tokens are listed without their secret and revoked by id.
    let second = run(dir.path(), &["token", "create", "--role", "kiosk", "--label", "workshop"]);
    let second = String::from_utf8(second.stdout).expect("utf-8").trim().to_owned();
    let revoked = run(dir.path(), &["token", "revoke", "2"]);
    assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
    let listed = String::from_utf8(run(dir.path(), &["token", "list"]).stdout).expect("utf-8");
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(lines[1].contains("kiosk") && lines[1].contains("entrance") && !lines[1].contains("fdt_"), "{listed}");
    assert!(lines[2].contains("workshop") && lines[2].trim_end().len() > lines[1].trim_end().len(), "{listed}");
    let refused = connect(&server.url, &second)
        .await
        .admin()
        .list_service_types(pb::ListServiceTypesRequest::default())
        .await
        .expect_err("a revoked token is refused");
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);
    assert!(!run(dir.path(), &["token", "revoke", "2"]).status.success(), "revoked once");
    assert!(!run(dir.path(), &["token", "revoke", "99"]).status.success(), "no such token");

    let copy = dir.path().join("backup.sqlite3");
    let backup = run(dir.path(), &["backup", "--to", copy.to_str().expect("utf-8")]);
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    let tokens: i64 = rusqlite::Connection::open(&copy)
        .expect("opens")
        .query_row("SELECT count(*) FROM api_tokens", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(tokens, 2, "the backup holds the live data");
    let again = run(dir.path(), &["backup", "--to", copy.to_str().expect("utf-8")]);
    assert!(!again.status.success(), "an existing file is never overwritten");
}

#[test]
fn help_names_every_subcommand_and_the_environment() {
    let out = Command::new(BIN).arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "migrate", "token", "backup", "--demo", "FRONTDESK_LISTEN", "FRONTDESK_DATA_DIR"] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}
