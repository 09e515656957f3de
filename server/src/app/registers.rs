//! The four registers of the follow-up desk, for a date range, as CSV (UTF-8 with a
//! byte-order mark, so Excel and WPS show Chinese) or XLSX (real date cells).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::App;
use crate::domain::{Error, Result};

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

/// A cell of a register.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

/// An exported register.
#[derive(Debug, Clone)]
pub struct Export {
    /// A file name.
    pub file_name: String,
    /// Its media type.
    pub content_type: &'static str,
    /// The bytes.
    pub content: Vec<u8>,
    /// Data rows.
    pub rows: usize,
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
}

fn day(s: Option<String>) -> Cell {
    s.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()).map_or(Cell::Empty, Cell::Date)
}

fn kind_zh(kind: Option<&str>) -> &'static str {
    match kind {
        Some("FIRST") => "第一次跟踪",
        Some("SECOND") => "第二次跟踪",
        Some("CAMPAIGN") => "活动邀请",
        Some("MAINTENANCE_REMINDER") => "保养提醒",
        Some("FLAGGED_VISIT") => "重点关注",
        _ => "",
    }
}

/// What kind of call a row is: the follow-up's kind, or why an outbound call that is
/// no follow-up was made.
fn call_kind_zh(kind: Option<&str>, purpose: Option<&str>) -> &'static str {
    match purpose {
        Some("LOST_CUSTOMER") => "流失客户回访",
        Some(_) => "其他去电",
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

fn outcome_zh(outcome: Option<&str>) -> &'static str {
    match outcome {
        Some("REACHED") => "接通",
        Some("NO_ANSWER") => "无人接听",
        Some("WRONG_NUMBER") => "号码错误",
        Some("REFUSED") => "拒绝",
        _ => "",
    }
}

fn topics_zh(topics: &str) -> String {
    topics
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| match t {
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

fn rows(
    conn: &Connection,
    register: Register,
    from: NaiveDate,
    to: NaiveDate,
    start: i64,
    end: i64,
    zone: chrono_tz::Tz,
) -> Result<Vec<Vec<Cell>>> {
    let local = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default().with_timezone(&zone);
    let names: std::collections::HashMap<i64, String> = conn
        .prepare("SELECT id, name FROM advisors")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Staff by name, as the paper registers have them: `followup:7` is 孙丽.
    let who = |actor: &str| -> String {
        actor
            .split_once(':')
            .and_then(|(_, id)| id.parse::<i64>().ok())
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| actor.to_owned())
    };
    let (from, to) = (from.to_string(), to.to_string());
    let out = match register {
        Register::CustomerFiles => conn
            .prepare(
                "SELECT c.name, c.address, c.phone, max(w.local_date), v.model, v.plate, v.vehicle_type,
                        group_concat(DISTINCT st.name_zh), v.maintenance_interval_days, v.maintenance_interval_km,
                        v.next_maintenance_due, c.wishes, (SELECT count(*) FROM visits x WHERE x.customer_id = c.id)
                 FROM visits w JOIN customers c ON c.id = w.customer_id JOIN vehicles v ON v.id = w.vehicle_id
                 JOIN service_types st ON st.code = w.service_code
                 WHERE w.local_date BETWEEN ?1 AND ?2 GROUP BY c.id, v.id ORDER BY max(w.local_date), c.id, v.id",
            )?
            .query_map(params![from, to], |r| {
                let (days, km): (i64, i64) = (r.get(8)?, r.get(9)?);
                let interval = match (days, km) {
                    (0, 0) => String::new(),
                    (d, 0) => format!("{d}天"),
                    (0, k) => format!("{k}公里"),
                    (d, k) => format!("{d}天/{k}公里"),
                };
                Ok(vec![
                    text(r.get::<_, String>(0)?),
                    text(r.get::<_, String>(1)?),
                    text(r.get::<_, String>(2)?),
                    day(r.get(3)?),
                    text(r.get::<_, String>(4)?),
                    text(r.get::<_, String>(5)?),
                    text(r.get::<_, String>(6)?),
                    text(r.get::<_, String>(7)?),
                    text(interval),
                    day(r.get(10)?),
                    text(r.get::<_, String>(11)?),
                    Cell::Number(r.get::<_, i64>(12)? as f64),
                ])
            })?
            .collect::<rusqlite::Result<_>>()?,
        Register::CallRecords | Register::CallLog => conn
            .prepare(
                "SELECT k.at, c.name, c.phone, coalesce(v.plate, ''), f.kind, k.outcome, k.satisfaction, k.topics, k.requests,
                        k.complaints, k.answered_on_call, k.note, k.agent, k.inbound, k.inbound_kind, k.purpose,
                        k.lost_reason, k.too_early
                 FROM calls k JOIN customers c ON c.id = k.customer_id
                 LEFT JOIN follow_ups f ON f.id = k.follow_up_id LEFT JOIN vehicles v ON v.id = f.vehicle_id
                 WHERE k.at >= ?1 AND k.at < ?2 AND (?3 OR k.inbound = 0) ORDER BY k.at, k.id",
            )?
            .query_map(params![start, end, register == Register::CallLog], |r| {
                let at = local(r.get(0)?);
                let kind: Option<String> = r.get(4)?;
                let outcome: Option<String> = r.get(5)?;
                let answered: bool = r.get(10)?;
                let inbound: bool = r.get(13)?;
                let purpose: Option<String> = r.get(15)?;
                let note = with_lost_reason(r.get(11)?, &r.get::<_, String>(16)?);
                if register == Register::CallRecords {
                    return Ok(vec![
                        Cell::Date(at.date_naive()),
                        text(r.get::<_, String>(1)?),
                        text(r.get::<_, String>(2)?),
                        text(r.get::<_, String>(3)?),
                        text(early_mark(call_kind_zh(kind.as_deref(), purpose.as_deref()), r.get(17)?)),
                        text(outcome_zh(outcome.as_deref())),
                        r.get::<_, Option<i64>>(6)?.map_or(Cell::Empty, |s| Cell::Number(s as f64)),
                        text(topics_zh(&r.get::<_, String>(7)?)),
                        text(r.get::<_, String>(8)?),
                        text(r.get::<_, String>(9)?),
                        text(if answered { "是" } else { "否" }),
                        text(note),
                        text(who(&r.get::<_, String>(12)?)),
                    ]);
                }
                let inbound_kind: Option<String> = r.get(14)?;
                let summary = [note, r.get::<_, String>(8)?, r.get::<_, String>(9)?]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or_default();
                Ok(vec![
                    Cell::Date(at.date_naive()),
                    text(at.format("%H:%M").to_string()),
                    text(if inbound { "呼入" } else { "呼出" }),
                    text(r.get::<_, String>(1)?),
                    text(r.get::<_, String>(2)?),
                    text(match inbound_kind.as_deref() {
                        Some("COMPLAINT") => "投诉",
                        Some("ENQUIRY") => "咨询",
                        _ => call_kind_zh(kind.as_deref(), purpose.as_deref()),
                    }),
                    text(summary),
                    text(if inbound { if answered { "已答复" } else { "待处理" } } else { outcome_zh(outcome.as_deref()) }),
                    text(who(&r.get::<_, String>(12)?)),
                ])
            })?
            .collect::<rusqlite::Result<_>>()?,
        Register::LetterLog => conn
            .prepare(
                "SELECT l.sent_date, c.name, c.address, l.reason, l.due_date, l.content, l.sent_by
                 FROM letters l JOIN customers c ON c.id = l.customer_id
                 WHERE coalesce(l.sent_date, l.due_date) BETWEEN ?1 AND ?2 ORDER BY coalesce(l.sent_date, l.due_date), l.id",
            )?
            .query_map(params![from, to], |r| {
                Ok(vec![
                    day(r.get(0)?),
                    text(r.get::<_, String>(1)?),
                    text(r.get::<_, String>(2)?),
                    text(letter_zh(&r.get::<_, String>(3)?)),
                    day(r.get(4)?),
                    text(r.get::<_, String>(5)?),
                    text(who(&r.get::<_, String>(6)?)),
                ])
            })?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(out)
}

/// CSV with a UTF-8 byte-order mark; fields with commas, quotes or line breaks are
/// quoted, and text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) starts
/// with an apostrophe so it stays text.
pub fn to_csv(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let field = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&headers.iter().map(|h| field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => field(s),
                Cell::Date(d) => d.to_string(),
                Cell::Number(n) => n.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// An XLSX workbook with one sheet named after the register, bold headers and date cells.
pub fn to_xlsx(title: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("writing the workbook: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(title).map_err(fail)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *header, &bold).map_err(fail)?;
        sheet.set_column_width(c as u16, 14).map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| Error::Internal("too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, s).map_err(fail)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).map_err(fail)?;
                }
                Cell::Date(d) => {
                    use chrono::Datelike;
                    let value =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(fail)?;
                    sheet.write_datetime_with_format(r, c, &value, &date).map_err(fail)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

/// A table as XLSX (one sheet named `sheet`) or CSV: the bytes, the media type and
/// the file extension.
pub fn encode(
    sheet: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    xlsx: bool,
) -> Result<(Vec<u8>, &'static str, &'static str)> {
    if xlsx {
        Ok((
            to_xlsx(sheet, headers, rows)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ))
    } else {
        Ok((to_csv(headers, rows), "text/csv; charset=utf-8", "csv"))
    }
}

impl App {
    /// One register for a date range, as CSV or XLSX.
    pub async fn export(&self, register: Register, from: NaiveDate, to: NaiveDate, xlsx: bool) -> Result<Export> {
        let settings = self.settings.clone();
        let (start, _) = settings.schedule.day_bounds(from);
        let (_, end) = settings.schedule.day_bounds(to);
        let zone = settings.schedule.zone;
        let data = self
            .store
            .read(move |conn| rows(conn, register, from, to, crate::store::secs(start), crate::store::secs(end), zone))
            .await?;
        let headers = register.headers();
        let name = format!("{}_{from}_{to}", register.title());
        let (content, content_type, ext) = encode(register.title(), headers, &data, xlsx)?;
        Ok(Export { file_name: format!("{name}.{ext}"), content_type, content, rows: data.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let csv = to_csv(&["客户姓名", "内容"], &[vec![Cell::Text("张三".into()), Cell::Text("说\"好\",谢谢".into())]]);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.trim_start_matches('\u{feff}'), "客户姓名,内容\r\n张三,\"说\"\"好\"\",谢谢\"\r\n");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() {
        let cells: Vec<Vec<Cell>> = ["=1+1", "+86", "-x", "@SUM", "\tcmd", "\rx", "安全"]
            .iter()
            .map(|t| vec![Cell::Text((*t).into())])
            .collect();
        let text = String::from_utf8(to_csv(&["内容"], &cells)).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").skip(1).collect();
        assert_eq!(&lines[..4], ["'=1+1", "'+86", "'-x", "'@SUM"]);
        assert!(lines[4].starts_with("'\t") && lines[5].contains("'\r"), "{lines:?}");
        assert_eq!(lines[6], "安全");
    }
}
