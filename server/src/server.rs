//! Running the gRPC server: services, health, reflection, TLS and graceful shutdown.
//!
//! Shutdown order: the trigger fires → health turns NOT_SERVING → the listener
//! closes and in-flight calls finish → if they take longer than the grace
//! period, the remaining connections are dropped → the store closes.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Identity, Server, ServerTlsConfig};
use tonic_health::ServingStatus;

use crate::app::App;
use crate::config::Config;
use crate::grpc::observe::ObserveLayer;
use crate::grpc::{self, auth::AuthLayer};

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The store failed to open.
    #[error("database: {0}")]
    Store(#[from] crate::domain::Error),
    /// Binding, TLS files or the transport failed.
    #[error("{0}")]
    Io(String),
}

fn tls(config: &Config) -> Result<Option<ServerTlsConfig>, ServeError> {
    let Some(tls) = &config.tls else { return Ok(None) };
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| ServeError::Io(format!("cannot read {}: {e}", path.display())))
    };
    let identity = Identity::from_pem(read(&tls.cert)?, read(&tls.key)?);
    Ok(Some(ServerTlsConfig::new().identity(identity)))
}

/// Registers SIGINT and SIGTERM handlers now (before the server says it is ready)
/// and returns a future that completes on the first of them.
pub fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static, ServeError> {
    use tokio::signal::unix::{SignalKind, signal};
    let register = |kind| signal(kind).map_err(|e| ServeError::Io(format!("cannot handle signals: {e}")));
    let (mut interrupt, mut terminate) = (register(SignalKind::interrupt())?, register(SignalKind::terminate())?);
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Binds the metrics endpoint when the configuration asks for one.
async fn bind_metrics(config: &Config) -> Result<Option<TcpListener>, ServeError> {
    let Some(metrics) = &config.metrics else { return Ok(None) };
    let listener = TcpListener::bind(metrics.listen)
        .await
        .map_err(|e| ServeError::Io(format!("cannot serve metrics on {}: {e}", metrics.listen)))?;
    Ok(Some(listener))
}

/// Serves `app` on `listener` until `shutdown` completes, then shuts down gracefully.
/// With `[metrics] listen` set, also serves `GET /metrics` there.
pub async fn serve(
    config: &Config,
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let metrics = bind_metrics(config).await?;
    serve_with(config, app, listener, metrics, shutdown).await
}

/// The services behind the auth and metrics layers: the API, and reflection (v1 and
/// v1alpha, so grpcurl 1.8 works); TLS when configured. Health is added by the caller,
/// which reports on it.
fn router(config: &Config, app: &App) -> Result<tonic::transport::server::Router<RouterLayers>, ServeError> {
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(frontdesk_proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // google.rpc.ErrorInfo, BadRequest, RetryInfo: lets grpcurl decode error details.
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
    };
    let reflection_v1 = reflection().build_v1().map_err(|e| ServeError::Io(format!("reflection: {e}")))?;
    let reflection_v1alpha = reflection().build_v1alpha().map_err(|e| ServeError::Io(format!("reflection: {e}")))?;
    let mut builder = Server::builder();
    if let Some(tls) = tls(config)? {
        builder = builder.tls_config(tls).map_err(|e| ServeError::Io(format!("TLS: {e}")))?;
    }
    Ok(builder
        .layer(ObserveLayer::new(app.metrics.clone()))
        .layer(AuthLayer::new(app.clone()))
        .add_routes(grpc::routes(app))
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha))
}

/// The layers every call goes through: metrics outside, then auth.
type RouterLayers =
    tower::layer::util::Stack<AuthLayer, tower::layer::util::Stack<ObserveLayer, tower::layer::util::Identity>>;

async fn serve_with(
    config: &Config,
    app: App,
    listener: TcpListener,
    metrics: Option<TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let metrics_task = metrics.map(|listener| {
        if let Ok(addr) = listener.local_addr() {
            tracing::info!(%addr, "serving Prometheus metrics at /metrics");
        }
        let stopped = app.hub.shutdown_signal().cancelled_owned();
        tokio::spawn(crate::http::serve_metrics(listener, app.clone(), stopped))
    });
    let clock_task = tokio::spawn(crate::app::queue_clock::watch_clock(app.clone()));
    let (reporter, health) = tonic_health::server::health_reporter();
    for name in grpc::SERVICE_NAMES {
        reporter.set_service_status(*name, ServingStatus::Serving).await;
    }
    reporter.set_service_status("", ServingStatus::Serving).await;
    let router = router(config, &app)?.add_service(health);

    let (draining_tx, draining) = oneshot::channel::<()>();
    let hub = app.hub.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: health NOT_SERVING, ending queue streams, finishing in-flight calls");
        for name in grpc::SERVICE_NAMES {
            reporter.set_service_status(*name, ServingStatus::NotServing).await;
        }
        reporter.set_service_status("", ServingStatus::NotServing).await;
        hub.shut_down();
        let _ = draining_tx.send(());
    };
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    let serving = router.serve_with_incoming_shutdown(TcpIncoming::from(listener).with_nodelay(Some(true)), signal);
    tokio::pin!(serving);
    let outcome = tokio::select! {
        result = &mut serving => result.map_err(|e| ServeError::Io(format!("transport: {e}"))),
        () = async {
            if draining.await.is_ok() {
                tokio::time::sleep(grace).await;
            } else {
                std::future::pending::<()>().await;
            }
        } => {
            tracing::warn!(grace_secs = grace.as_secs(), "in-flight calls did not finish in time; dropping them");
            Ok(())
        }
    };
    if let Some(task) = metrics_task {
        let _ = task.await;
    }
    clock_task.abort();
    let _ = clock_task.await;
    app.store.close();
    tracing::info!("stopped");
    outcome
}

/// A server running in the background, for tests and the kiosk's standalone mode.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where it serves metrics, when configured.
    pub metrics_addr: Option<SocketAddr>,
    /// Its app, to reach the store and the clock.
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), ServeError>>>,
}

impl Running {
    /// The address as a URL for clients, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Shuts down gracefully and waits for the server to stop.
    pub async fn stop(mut self) -> Result<(), ServeError> {
        self.stop_inner().await
    }

    async fn stop_inner(&mut self) -> Result<(), ServeError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(|e| ServeError::Io(format!("server task: {e}")))?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts serving `app` on `config.listen` (port 0 picks a free port) in the background.
pub async fn spawn(config: Config, app: App) -> Result<Running, ServeError> {
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| ServeError::Io(format!("cannot listen on {}: {e}", config.listen)))?;
    let addr = listener.local_addr().map_err(|e| ServeError::Io(e.to_string()))?;
    let metrics = bind_metrics(&config).await?;
    let metrics_addr = metrics.as_ref().and_then(|l| l.local_addr().ok());
    let (stop, stopped) = oneshot::channel::<()>();
    let served = app.clone();
    let task = tokio::spawn(async move {
        serve_with(&config, served, listener, metrics, async {
            let _ = stopped.await;
        })
        .await
    });
    Ok(Running { addr, metrics_addr, app, stop: Some(stop), task: Some(task) })
}
