//! The demo's estimates: each car the demo hands back had its estimate proposed at
//! reception and approved by the customer on the phone, as a real day at the desk.

use crate::app::App;
use crate::app::parts::NewPartOrder;
use crate::app::settlements::NewPayment;
use crate::app::visits::StageUpdate;
use crate::app::work_orders::{Answer, Proposal};
use crate::domain::workorder::{
    Consent, LineInput, LineKind, LineState, PayType, PaymentMethod, SettlementTerms, Stock, parse_lines,
};
use crate::domain::{Caller, Error, Result, VisitStage};

fn labour(name: &str, hours_tenths: i32) -> LineInput {
    LineInput {
        kind: Some(LineKind::Labour),
        pay_type: Some(PayType::Customer),
        name: name.into(),
        hours_tenths,
        hourly_rate_fen: 30_000,
        ..LineInput::default()
    }
}

fn part(code: &str, name: &str, quantity: i32, unit_price_fen: i64) -> LineInput {
    LineInput {
        kind: Some(LineKind::Part),
        pay_type: Some(PayType::Customer),
        code: code.into(),
        name: name.into(),
        quantity,
        unit_price_fen,
        stock: Some(Stock::InStock),
        ..LineInput::default()
    }
}

/// The lines of a demo estimate for a service type.
fn lines(service_code: &str) -> Vec<LineInput> {
    match service_code {
        "maintenance" => vec![
            labour("常规保养", 10),
            part("08880-83714", "机油 0W-20 (升)", 4, 8_500),
            part("15400-RTA-003", "机油滤清器", 1, 6_000),
        ],
        _ => vec![labour("故障检查与维修", 15), part("45022-TBA-A01", "前刹车片", 1, 56_000)],
    }
}

/// Proposes the demo estimate of a work order and records the customer's yes by phone.
pub(super) async fn agree(app: &App, advisor: &Caller, work_order: &str, service_code: &str) -> Result<()> {
    let (version, hash) = propose(app, advisor, work_order, &lines(service_code), "estimate").await?;
    let consent = Consent::phone("服务顾问", app.now(), "好的，按报价做", app.now())
        .map_err(|_| Error::internal("the demo's phone approval is invalid"))?;
    let answer = Answer { version, shown_hash: hash, consent, declined: Vec::new() };
    app.approve_estimate(advisor, work_order.to_owned(), answer).await?;
    Ok(())
}

/// The workshop did what was approved; the desk settles and the customer pays by
/// WeChat, as most do.
pub(super) async fn settle_and_pay(app: &App, advisor: &Caller, work_order: &str) -> Result<()> {
    let order = app.work_order(work_order.to_owned()).await?;
    let approved: Vec<i64> = order
        .estimates
        .iter()
        .flat_map(|v| &v.lines)
        .filter(|l| l.state == LineState::Approved)
        .map(|l| l.id)
        .collect();
    app.mark_lines_done(advisor, work_order.to_owned(), approved).await?;
    let settled = app.settle(advisor, work_order.to_owned(), SettlementTerms::default()).await?;
    let (settlement, _) = crate::app::settlements::figured(&settled)?
        .ok_or_else(|| Error::internal("the demo's settlement is missing"))?;
    let amount = settlement.due_of(PayType::Customer);
    if amount.fen() > 0 {
        let key = super::fp(format!("demo-payment-{work_order}"), "/frontdesk.v1.WorkOrderService/RecordPayment")?;
        let payment = NewPayment { method: PaymentMethod::WechatPay, amount, reference: format!("wx-{work_order}") };
        app.record_payment(advisor, work_order.to_owned(), payment, key).await?;
    }
    Ok(())
}

/// The VIN of the demo's recalled car (李四's 荣威 RX5).
pub(super) const RECALLED_VIN: &str = "LSVAA4181E2123456";

/// A carmaker's recall campaign covering 李四's car and two cars not on file, one of
/// them done at another store.
pub(super) async fn recall_campaign(app: &App, supervisor: &Caller) -> Result<()> {
    let csv = format!("vin\n{RECALLED_VIN}\n1M8GDM9AXKP042788\nWVWZZZ1JZ3W386752\n");
    let code = "R-2026-12".to_owned();
    app.import_recall_campaign(supervisor, code.clone(), "制动软管检查更换".into(), csv).await?;
    let vin = "1M8GDM9AXKP042788".to_owned();
    app.close_recall(supervisor, (code, vin), crate::domain::recall::RecallOutcome::DoneElsewhere, String::new())
        .await?;
    Ok(())
}

/// Proposes a version of the given lines; its number and content hash.
async fn propose(
    app: &App,
    advisor: &Caller,
    work_order: &str,
    inputs: &[LineInput],
    key: &str,
) -> Result<(u32, String)> {
    let lines = parse_lines(inputs)?;
    let key = super::fp(format!("demo-{key}-{work_order}"), "/frontdesk.v1.WorkOrderService/ProposeEstimate")?;
    let proposal = Proposal { lines, insurer: String::new(), claim_number: String::new() };
    let (order, version) = app.propose_estimate(advisor, work_order.to_owned(), proposal, key).await?;
    Ok((version, order.estimates.last().map(|e| e.content_hash.clone()).unwrap_or_default()))
}

/// Cars still in the workshop today: the first waits for a part whose supplier's date
/// has passed (the parts desk's overdue list), the second for the customer's answer
/// to its estimate.
pub(super) async fn in_the_workshop(app: &App, day: chrono::NaiveDate, kept: Vec<(Caller, String)>) -> Result<()> {
    let mut kept = kept.into_iter();
    if let Some((advisor, work_order)) = kept.next() {
        let wiper = LineInput { stock: Some(Stock::ToOrder), ..part("76620-T2A", "雨刮片", 1, 12_000) };
        let (version, hash) = propose(app, &advisor, &work_order, &[labour("更换雨刮片", 5), wiper], "parts").await?;
        let consent = Consent::phone("服务顾问", app.now(), "雨刮片订吧", app.now())
            .map_err(|_| Error::internal("the demo's phone approval is invalid"))?;
        let answer = Answer { version, shown_hash: hash, consent, declined: Vec::new() };
        let order = app.approve_estimate(&advisor, work_order.clone(), answer).await?;
        let line_id = order.estimates.last().and_then(|e| e.lines.get(1)).map_or(0, |l| l.id);
        let stage = |stage| StageUpdate { stage, parts_expected: None, promised_ready: None, note: String::new() };
        app.update_stage(&advisor, work_order.clone(), stage(VisitStage::InRepair)).await?;
        let key = super::fp(format!("demo-order-{work_order}"), "/frontdesk.v1.WorkOrderService/OrderParts")?;
        let orders = vec![NewPartOrder { line_id, supplier: "广汽本田配件中心".into(), expected: day }];
        app.order_parts(&advisor, work_order.clone(), orders, key).await?;
        app.update_stage(&advisor, work_order, stage(VisitStage::WaitingParts)).await?;
    }
    if let Some((advisor, work_order)) = kept.next() {
        propose(app, &advisor, &work_order, &lines("repair"), "waiting").await?;
    }
    Ok(())
}
