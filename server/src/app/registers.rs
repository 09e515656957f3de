//! The four registers of the follow-up desk, for a date range, as CSV (UTF-8 with a
//! byte-order mark, so Excel and WPS show Chinese) or XLSX (real date cells).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::App;
use super::sheet::{Cell, Export, encode};
use crate::domain::Result;
use crate::domain::followup::{CallOutcome, CallPurpose, FollowUpKind};
use crate::store::registers::{self, CustomerFile, RegisterCall, RegisterLetter};
use crate::store::{advisors, secs};

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    /// 客户档案基本资料表.
    CustomerFiles,
    /// 跟踪服务电话记录表.
    CallRecords,
    /// 跟踪服务电话登记表.
    CallLog,
    /// 跟踪服务信函登记表.
    LetterLog,
}

impl Register {
    /// The register's name, as the desk calls it.
    pub fn title(self) -> &'static str {
        match self {
            Self::CustomerFiles => "客户档案基本资料表",
            Self::CallRecords => "跟踪服务电话记录表",
            Self::CallLog => "跟踪服务电话登记表",
            Self::LetterLog => "跟踪服务信函登记表",
        }
    }

    /// The column headers.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::CustomerFiles => &[
                "客户姓名",
                "地址",
                "电话",
                "来店日期",
                "车型",
                "车号",
                "车种",
                "维护项目",
                "保养周期",
                "下次保养期",
                "客户需求",
                "来店次数",
            ],
            Self::CallRecords => &[
                "日期",
                "客户姓名",
                "电话",
                "车号",
                "跟踪类型",
                "通话结果",
                "满意度",
                "话题",
                "客户要求",
                "客户抱怨",
                "当场答复",
                "要点",
                "跟踪员",
            ],
            Self::CallLog => &["日期", "时间", "方向", "客户姓名", "电话", "类型", "内容摘要", "结果", "登记人"],
            Self::LetterLog => &["寄出日期", "客户姓名", "地址", "信函类型", "应寄日期", "内容", "寄出人"],
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
}

fn day(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

fn kind_zh(kind: Option<FollowUpKind>) -> &'static str {
    match kind {
        Some(FollowUpKind::First) => "第一次跟踪",
        Some(FollowUpKind::Second) => "第二次跟踪",
        Some(FollowUpKind::Campaign) => "活动邀请",
        Some(FollowUpKind::MaintenanceReminder) => "保养提醒",
        Some(FollowUpKind::FlaggedVisit) => "重点关注",
        None => "",
    }
}

/// What kind of call a row is: the follow-up's kind, or why an outbound call that is
/// no follow-up was made.
fn call_kind_zh(kind: Option<FollowUpKind>, purpose: Option<CallPurpose>) -> &'static str {
    match purpose {
        Some(CallPurpose::LostCustomer) => "流失客户回访",
        Some(CallPurpose::Other) => "其他去电",
        None => kind_zh(kind),
    }
}

/// A call made before its follow-up's window opened is marked so on the register.
fn early_mark(kind: &str, too_early: bool) -> String {
    if too_early { format!("{kind}（早于回访期）") } else { kind.to_owned() }
}

/// A call's key points, with the reason a lost customer gave.
fn with_lost_reason(note: String, reason: &str) -> String {
    match (note.is_empty(), reason.is_empty()) {
        (_, true) => note,
        (true, false) => format!("流失原因：{reason}"),
        (false, false) => format!("{note}（流失原因：{reason}）"),
    }
}

fn outcome_zh(outcome: Option<CallOutcome>) -> &'static str {
    match outcome {
        Some(CallOutcome::Reached) => "接通",
        Some(CallOutcome::NoAnswer) => "无人接听",
        Some(CallOutcome::WrongNumber) => "号码错误",
        Some(CallOutcome::Refused) => "拒绝",
        None => "",
    }
}

fn topics_zh(topics: &[String]) -> String {
    topics
        .iter()
        .map(|t| match t.as_str() {
            "VEHICLE_CONDITION" => "车辆使用情况",
            "SERVICE_OPINION" => "服务意见",
            "NEW_NEEDS" => "新的需求",
            "USAGE_TIPS" => "用车常识",
            "OFFERS" => "服务活动与优惠",
            "MAINTENANCE_DUE" => "按期保养",
            "CAMPAIGN_INVITATION" => "活动邀请",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn letter_zh(reason: &str) -> &'static str {
    match reason {
        "NO_ANSWER" => "未接通致函",
        "WRONG_NUMBER" => "号码错误致函",
        "CAMPAIGN_INVITATION" => "活动邀请函",
        _ => "其他信函",
    }
}

/// Staff by name, as the paper registers have them: `followup:7` is 孙丽.
struct Names(HashMap<i64, String>);

impl Names {
    fn of(&self, actor: &str) -> String {
        actor
            .split_once(':')
            .and_then(|(_, id)| id.parse::<i64>().ok())
            .and_then(|id| self.0.get(&id).cloned())
            .unwrap_or_else(|| actor.to_owned())
    }
}

fn customer_file_cells(f: CustomerFile) -> Vec<Cell> {
    let interval = match (f.interval_days, f.interval_km) {
        (0, 0) => String::new(),
        (d, 0) => format!("{d}天"),
        (0, k) => format!("{k}公里"),
        (d, k) => format!("{d}天/{k}公里"),
    };
    vec![
        text(f.name),
        text(f.address),
        text(f.phone),
        day(f.last_visit),
        text(f.model),
        text(f.plate),
        text(f.vehicle_type),
        text(f.services),
        text(interval),
        day(f.next_maintenance_due),
        text(f.wishes),
        Cell::Number(f64::from(f.visits)),
    ]
}

/// A row of 跟踪服务电话记录表: an outbound call.
fn call_record_cells(r: RegisterCall, at: DateTime<Tz>, names: &Names) -> Vec<Cell> {
    let k = r.call;
    vec![
        Cell::Date(at.date_naive()),
        text(r.customer_name),
        text(r.phone),
        text(r.plate),
        text(early_mark(call_kind_zh(r.follow_up_kind, k.purpose), k.too_early)),
        text(outcome_zh(k.outcome)),
        k.satisfaction.map_or(Cell::Empty, |s| Cell::Number(f64::from(s))),
        text(topics_zh(&k.topics)),
        text(k.requests),
        text(k.complaints),
        text(if k.answered_on_call { "是" } else { "否" }),
        text(with_lost_reason(k.note, &k.lost_reason)),
        text(names.of(&k.agent)),
    ]
}

/// A row of 跟踪服务电话登记表: any call, outbound or inbound.
fn call_log_cells(r: RegisterCall, at: DateTime<Tz>, names: &Names) -> Vec<Cell> {
    let k = r.call;
    let note = with_lost_reason(k.note, &k.lost_reason);
    let summary = [note, k.requests, k.complaints].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
    let kind = match k.inbound_kind.as_deref() {
        Some("COMPLAINT") => "投诉",
        Some("ENQUIRY") => "咨询",
        _ => call_kind_zh(r.follow_up_kind, k.purpose),
    };
    let result = match (k.inbound, k.answered_on_call) {
        (true, true) => "已答复",
        (true, false) => "待处理",
        (false, _) => outcome_zh(k.outcome),
    };
    vec![
        Cell::Date(at.date_naive()),
        text(at.format("%H:%M").to_string()),
        text(if k.inbound { "呼入" } else { "呼出" }),
        text(r.customer_name),
        text(r.phone),
        text(kind),
        text(summary),
        text(result),
        text(names.of(&k.agent)),
    ]
}

fn letter_cells(l: RegisterLetter, names: &Names) -> Vec<Cell> {
    vec![
        day(l.sent_date),
        text(l.customer_name),
        text(l.address),
        text(letter_zh(&l.reason)),
        day(l.due_date),
        text(l.content),
        text(names.of(&l.sent_by)),
    ]
}

fn rows(
    conn: &Connection,
    register: Register,
    (from, to): (NaiveDate, NaiveDate),
    (start, end): (i64, i64),
    zone: Tz,
) -> Result<Vec<Vec<Cell>>> {
    let local = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default().with_timezone(&zone);
    let names = Names(advisors::names(conn)?);
    let (from, to) = (from.to_string(), to.to_string());
    let out = match register {
        Register::CustomerFiles => {
            registers::customer_files(conn, &from, &to)?.into_iter().map(customer_file_cells).collect()
        }
        Register::CallRecords => registers::calls(conn, start, end, false)?
            .into_iter()
            .map(|r| {
                let at = local(r.call.at);
                call_record_cells(r, at, &names)
            })
            .collect(),
        Register::CallLog => registers::calls(conn, start, end, true)?
            .into_iter()
            .map(|r| {
                let at = local(r.call.at);
                call_log_cells(r, at, &names)
            })
            .collect(),
        Register::LetterLog => {
            registers::letters(conn, &from, &to)?.into_iter().map(|l| letter_cells(l, &names)).collect()
        }
    };
    Ok(out)
}

impl App {
    /// One register for a date range, as CSV or XLSX.
    pub async fn export(&self, register: Register, from: NaiveDate, to: NaiveDate, xlsx: bool) -> Result<Export> {
        let settings = self.settings.clone();
        let (start, _) = settings.schedule.day_bounds(from);
        let (_, end) = settings.schedule.day_bounds(to);
        let zone = settings.schedule.zone;
        let data =
            self.store.read(move |conn| rows(conn, register, (from, to), (secs(start), secs(end)), zone)).await?;
        let headers = register.headers();
        let name = format!("{}_{from}_{to}", register.title());
        let (content, content_type, ext) = encode(register.title(), headers, &data, xlsx)?;
        Ok(Export { file_name: format!("{name}.{ext}"), content_type, content, rows: data.len() })
    }
}
