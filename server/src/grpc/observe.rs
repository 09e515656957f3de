//! The tower layer that times every gRPC call and counts it by the status it ends
//! with. tower-http's gRPC classifier reads that status where gRPC puts it: in the
//! headers of a trailers-only error, otherwise in the trailers at the end of the body
//! — so a WatchQueue stream that ends in UNAUTHENTICATED counts as UNAUTHENTICATED,
//! not as the OK its headers said when it opened.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use http_body::{Body, Frame, SizeHint};
use tower_http::classify::{
    ClassifiedResponse, ClassifyEos, ClassifyResponse, GrpcEosErrorsAsFailures, GrpcErrorsAsFailures, GrpcFailureClass,
};

use crate::metrics::Metrics;

/// The name of a gRPC status code as metrics label it.
fn code_name(code: i32) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    usize::try_from(code).ok().and_then(|n| NAMES.get(n).copied()).unwrap_or("UNKNOWN")
}

/// The code of a classification: OK, the gRPC code, or UNKNOWN for a transport error.
fn code_of(class: Result<(), GrpcFailureClass>) -> &'static str {
    match class {
        Ok(()) => "OK",
        Err(GrpcFailureClass::Status(status)) => code_name(status.code_raw()),
        // A transport error, or a kind of failure a later tower-http may add.
        Err(_) => "UNKNOWN",
    }
}

/// The method label of a path: `frontdesk.v1.KioskService/CheckIn` for a method of the
/// API, health and reflection by service, anything else `other` (so a client cannot
/// invent labels).
fn method_label(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    match super::access::access_for(path) {
        super::access::Access::Roles(roles) if !roles.is_empty() => trimmed.to_owned(),
        _ if trimmed.starts_with("grpc.health.v1.Health/") => "grpc.health.v1.Health".to_owned(),
        _ if trimmed.starts_with("grpc.reflection.") => "grpc.reflection".to_owned(),
        _ => "other".to_owned(),
    }
}

/// One call being timed: recorded once, when its status is known.
#[derive(Debug)]
struct Call {
    metrics: Arc<Metrics>,
    method: String,
    started: Instant,
}

impl Call {
    fn record(self, code: &str) {
        self.metrics.observe_rpc(&self.method, code, self.started.elapsed().as_secs_f64());
    }
}

/// A tower layer that times every gRPC call and counts it by its final status.
#[derive(Debug, Clone)]
pub struct ObserveLayer {
    metrics: Arc<Metrics>,
}

impl ObserveLayer {
    /// Times calls into `metrics`.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self { metrics }
    }
}

impl<S> tower::Layer<S> for ObserveLayer {
    type Service = Observed<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Observed { inner, metrics: self.metrics.clone() }
    }
}

/// The service [`ObserveLayer`] wraps.
#[derive(Debug, Clone)]
pub struct Observed<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, B, R> tower::Service<http::Request<B>> for Observed<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>> + Send,
    S::Future: Send + 'static,
{
    type Response = http::Response<ObservedBody<R>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let call =
            Call { metrics: self.metrics.clone(), method: method_label(request.uri().path()), started: Instant::now() };
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = match future.await {
                Ok(response) => response,
                Err(error) => {
                    call.record("UNAVAILABLE");
                    return Err(error);
                }
            };
            let pending = match GrpcErrorsAsFailures::new().classify_response(&response) {
                ClassifiedResponse::Ready(class) => {
                    call.record(code_of(class));
                    None
                }
                ClassifiedResponse::RequiresEos(eos) => Some((call, eos)),
            };
            Ok(response.map(|inner| ObservedBody { inner, pending }))
        })
    }
}

pin_project_lite::pin_project! {
    /// A response body that records its call when the trailers (or the end) arrive,
    /// or as CANCELLED when it is dropped before (the client went away).
    pub struct ObservedBody<B> {
        #[pin]
        inner: B,
        pending: Option<(Call, GrpcEosErrorsAsFailures)>,
    }

    impl<B> PinnedDrop for ObservedBody<B> {
        fn drop(this: Pin<&mut Self>) {
            if let Some((call, _)) = this.project().pending.take() {
                call.record("CANCELLED");
            }
        }
    }
}

impl<B: Body> Body for ObservedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let polled = this.inner.poll_frame(cx);
        let finish = |pending: &mut Option<(Call, GrpcEosErrorsAsFailures)>, trailers| {
            if let Some((call, eos)) = pending.take() {
                call.record(code_of(eos.classify_eos(trailers)));
            }
        };
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_ref() {
                    finish(this.pending, Some(trailers));
                }
            }
            Poll::Ready(None) => finish(this.pending, None),
            Poll::Ready(Some(Err(_))) => {
                if let Some((call, _)) = this.pending.take() {
                    call.record("UNKNOWN");
                }
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_methods_are_named_and_bounded() {
        assert_eq!(code_name(0), "OK");
        assert_eq!(code_name(3), "INVALID_ARGUMENT");
        assert_eq!(code_name(99), "UNKNOWN");
        assert_eq!(method_label("/frontdesk.v1.KioskService/CheckIn"), "frontdesk.v1.KioskService/CheckIn");
        assert_eq!(method_label("/frontdesk.v1.KioskService/Invented"), "other");
        assert_eq!(method_label("/grpc.health.v1.Health/Check"), "grpc.health.v1.Health");
        assert_eq!(method_label("/evil/🙂"), "other");
    }
}
