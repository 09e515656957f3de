//! Prometheus metrics: RPC latency by method and code, waiting time to the first call,
//! and — read from the store at each scrape, so they cannot drift — queue length per
//! service, advisors by status and overdue follow-ups. Served over plain HTTP at
//! `GET /metrics` when `[metrics] listen` is set; off by default.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::domain::{AdvisorStatus, Result};

/// `method` and `code` of an RPC.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RpcLabels {
    method: String,
    code: String,
}

/// A service type.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ServiceLabels {
    service: String,
}

/// An advisor status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

fn rpc_histogram() -> Histogram {
    // 1 ms to ~16 s.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.001, 2.0, 15))
}

fn wait_histogram() -> Histogram {
    // 1, 2, 5, 10, 15, 20, 30, 45, 60, 90 minutes, in seconds.
    Histogram::new([60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 2700.0, 3600.0, 5400.0])
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    rpc: Family<RpcLabels, Histogram, fn() -> Histogram>,
    waiting: Family<ServiceLabels, Histogram, fn() -> Histogram>,
    queue: Family<ServiceLabels, Gauge>,
    advisors: Family<StatusLabels, Gauge>,
    overdue: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every series.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("frontdesk");
        let rpc = Family::<RpcLabels, Histogram, fn() -> Histogram>::new_with_constructor(rpc_histogram);
        let waiting = Family::<ServiceLabels, Histogram, fn() -> Histogram>::new_with_constructor(wait_histogram);
        let queue = Family::<ServiceLabels, Gauge>::default();
        let advisors = Family::<StatusLabels, Gauge>::default();
        let overdue = Gauge::default();
        registry.register_with_unit(
            "rpc_duration",
            "gRPC calls by method and status code, from request to response headers",
            prometheus_client::registry::Unit::Seconds,
            rpc.clone(),
        );
        registry.register_with_unit(
            "waiting",
            "Time from check-in to the first call, per service type",
            prometheus_client::registry::Unit::Seconds,
            waiting.clone(),
        );
        registry.register("queue_waiting", "Tickets waiting now, per service type", queue.clone());
        registry.register(
            "advisors",
            "Active service advisors by status (available, paused, offline, serving)",
            advisors.clone(),
        );
        registry.register("follow_ups_overdue", "Open follow-ups past their window", overdue.clone());
        Self { registry, rpc, waiting, queue, advisors, overdue }
    }

    /// Records one RPC.
    pub fn observe_rpc(&self, method: &str, code: &str, seconds: f64) {
        self.rpc.get_or_create(&RpcLabels { method: method.to_owned(), code: code.to_owned() }).observe(seconds);
    }

    /// Records a first call after `seconds` of waiting.
    pub fn observe_wait(&self, service: &str, seconds: f64) {
        self.waiting.get_or_create(&ServiceLabels { service: service.to_owned() }).observe(seconds);
    }

    /// Sets the gauges to what the store holds now and encodes everything in the text format.
    pub fn render(&self, now: &Gauges) -> Result<String> {
        for (service, tickets) in &now.waiting {
            self.queue.get_or_create(&ServiceLabels { service: service.clone() }).set(*tickets);
        }
        for status in [AdvisorStatus::Available, AdvisorStatus::Paused, AdvisorStatus::Offline, AdvisorStatus::Serving]
        {
            let n = now.advisors.iter().filter(|s| **s == status).count() as i64;
            self.advisors.get_or_create(&StatusLabels { status: status.as_str().to_lowercase() }).set(n);
        }
        self.overdue.set(now.overdue_follow_ups as i64);
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .map_err(|e| crate::domain::Error::internal_from("encoding metrics", e))?;
        Ok(out)
    }
}

/// What the gauges show, read from the store at a scrape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Waiting tickets per service type.
    pub waiting: Vec<(String, i64)>,
    /// Each active service advisor's status as people see it.
    pub advisors: Vec<AdvisorStatus>,
    /// Open follow-ups overdue today.
    pub overdue_follow_ups: usize,
}
