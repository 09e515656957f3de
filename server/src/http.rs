//! The plain-HTTP endpoint beside the gRPC port: `GET /metrics` for Prometheus.

use std::future::Future;

use tokio::net::TcpListener;

use crate::app::App;

/// Serves `GET /metrics` on `listener` until `shutdown` completes.
pub async fn serve_metrics(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let router = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let app = app.clone();
            async move {
                match app.gauges().await.and_then(|now| app.metrics.render(&now)) {
                    Ok(text) => {
                        ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
                            .into_response()
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "metrics scrape failed");
                        (StatusCode::INTERNAL_SERVER_ERROR, "metrics unavailable\n").into_response()
                    }
                }
            }
        }),
    );
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}
