//! The parts desk: `parts order|arrived|list`.

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use serde_json::json;

use crate::cli::PartsCommand;
use crate::output::{self, local};
use crate::{Ctx, Failure};

fn state(o: &pb::PartOrder) -> &'static str {
    match (pb::PartOrderState::try_from(o.state), o.fitted, o.overdue) {
        (_, true, _) => "已装 fitted",
        (Ok(pb::PartOrderState::Arrived), _, _) => "已到货 arrived",
        (_, _, true) => "逾期 overdue",
        _ => "已订货 ordered",
    }
}

fn print(ctx: &Ctx, orders: &[pb::PartOrder]) {
    let value = json!(
        orders
            .iter()
            .map(|o| json!({
                "part_order_id": o.part_order_id, "work_order": o.work_order, "plate": o.plate,
                "line_id": o.line_id, "part_number": o.part_number, "name": o.name, "quantity": o.quantity,
                "supplier": o.supplier, "expected_date": o.expected_date, "state": state(o),
                "arrived": local(ctx.zone, o.arrive_time.as_ref()), "fitted": o.fitted, "overdue": o.overdue,
            }))
            .collect::<Vec<_>>()
    );
    let rows = orders
        .iter()
        .map(|o| {
            vec![
                o.part_order_id.to_string(),
                format!("{} {}", o.work_order, o.plate),
                format!("{} {} ×{}", o.part_number, o.name, o.quantity),
                o.supplier.clone(),
                o.expected_date.clone(),
                state(o).to_owned(),
            ]
        })
        .collect();
    output::print(ctx.json, value, &["order", "work order", "part", "supplier", "expected", "state"], rows);
}

/// `advisor parts …`.
pub async fn parts(ctx: &Ctx, conn: &Connection, command: PartsCommand) -> Result<(), Failure> {
    let mut orders = conn.work_orders();
    let shown = match command {
        PartsCommand::Order { work_order, line_id, supplier, expected, request_id } => {
            let request = pb::OrderPartsRequest {
                request_id: request_id.unwrap_or_else(crate::fresh_request_id),
                work_order,
                orders: vec![pb::PartOrderInput { line_id, supplier, expected_date: expected }],
            };
            orders.order_parts(request).await?.into_inner().work_order.map(|w| w.part_orders).unwrap_or_default()
        }
        PartsCommand::Arrived { ids } => {
            let request = pb::RecordPartsArrivalRequest { part_order_ids: ids };
            orders.record_parts_arrival(request).await?.into_inner().part_orders
        }
        PartsCommand::List { view } => {
            let view = match view.as_str() {
                "open" => pb::PartOrdersView::Open,
                "overdue" => pb::PartOrdersView::Overdue,
                "unfitted" => pb::PartOrdersView::ArrivedNotFitted,
                _ => pb::PartOrdersView::Unsettled,
            };
            let request = pb::ListPartOrdersRequest { view: view as i32, page_size: 500, ..Default::default() };
            orders.list_part_orders(request).await?.into_inner().part_orders
        }
    };
    print(ctx, &shown);
    Ok(())
}
