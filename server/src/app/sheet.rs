//! Tables as files people open in Excel or WPS: CSV (UTF-8 with a byte-order mark, so
//! Chinese shows) or XLSX (one sheet, bold headers, real date cells). The registers
//! and the reports are written this way.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::domain::{Error, Result};

/// A cell of a sheet.
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

/// An exported file: a register or a report.
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

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or
/// carriage return in front) starts with an apostrophe, so it stays text.
fn not_a_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

/// CSV (the `csv` crate: fields with commas, quotes or line breaks are quoted, lines
/// end in CRLF) after a UTF-8 byte-order mark, with formulas kept as text.
pub fn to_csv(headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::internal_from("writing the CSV", e);
    let mut out =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer("\u{feff}".as_bytes().to_vec());
    out.write_record(headers.iter().map(|h| not_a_formula(h))).map_err(fail)?;
    for row in rows {
        let cells = row.iter().map(|c| match c {
            Cell::Text(s) => not_a_formula(s),
            Cell::Date(d) => d.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        });
        out.write_record(cells).map_err(fail)?;
    }
    out.into_inner().map_err(|e| Error::internal_from("writing the CSV", e.into_error()))
}

/// An XLSX workbook with one sheet named after the register, bold headers and date cells.
pub fn to_xlsx(title: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::internal_from("writing the workbook", e);
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
        let r = u32::try_from(r + 1).map_err(|_| Error::internal("too many rows"))?;
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
        Ok((to_csv(headers, rows)?, "text/csv; charset=utf-8", "csv"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let csv = to_csv(&["客户姓名", "内容"], &[vec![Cell::Text("张三".into()), Cell::Text("说\"好\",谢谢".into())]])
            .unwrap();
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
        let text = String::from_utf8(to_csv(&["内容"], &cells).unwrap()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").skip(1).collect();
        assert_eq!(&lines[..4], ["'=1+1", "'+86", "'-x", "'@SUM"]);
        assert!(lines[4].starts_with("'\t") && lines[5].contains("'\r"), "{lines:?}");
        assert_eq!(lines[6], "安全");
    }
}
