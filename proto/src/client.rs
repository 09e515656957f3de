//! Authenticated clients for the staff tools, the kiosk and the tests.

use std::time::Duration;

use tonic::metadata::{AsciiMetadataValue, MetadataValue};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};

use crate::v1::{
    admin_service_client::AdminServiceClient, appointment_service_client::AppointmentServiceClient,
    customer_service_client::CustomerServiceClient, follow_up_service_client::FollowUpServiceClient,
    kiosk_service_client::KioskServiceClient, queue_service_client::QueueServiceClient,
    recall_service_client::RecallServiceClient, report_service_client::ReportServiceClient,
    visit_service_client::VisitServiceClient, work_order_service_client::WorkOrderServiceClient,
};

/// The file in a server's data directory where `frontdesk-server --demo` writes the
/// demo store's address and tokens (`addr`, `[tokens] kiosk = "…"`, …), which the
/// staff client and the kiosk read when they are given none.
pub const DEMO_TOKEN_FILE: &str = "demo-tokens.toml";

/// Adds `authorization: Bearer <token>` to every call.
#[derive(Clone, Debug)]
pub struct BearerToken(AsciiMetadataValue);

impl BearerToken {
    /// Wraps a token; fails when it holds characters a header cannot carry.
    pub fn new(token: &str) -> Result<Self, InvalidToken> {
        MetadataValue::try_from(format!("Bearer {token}")).map(Self).map_err(|_| InvalidToken)
    }
}

impl Interceptor for BearerToken {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        request.metadata_mut().insert("authorization", self.0.clone());
        Ok(request)
    }
}

/// A token with characters that cannot travel in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidToken;

impl std::fmt::Display for InvalidToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the token holds characters that cannot be sent in a header")
    }
}

impl std::error::Error for InvalidToken {}

/// A channel with a token: hands out a client per service, all sharing one connection.
#[derive(Clone, Debug)]
pub struct Connection {
    channel: Channel,
    token: BearerToken,
}

/// A channel whose calls carry the bearer token.
pub type Authed = InterceptedService<Channel, BearerToken>;

impl Connection {
    /// An endpoint for `addr` (`http://host:port` or `https://…`) with the connect
    /// and keep-alive settings every frontdesk client uses.
    pub fn endpoint(addr: &str) -> Result<Endpoint, tonic::transport::Error> {
        Ok(Endpoint::from_shared(addr.to_owned())?
            .connect_timeout(Duration::from_secs(3))
            .tcp_nodelay(true)
            .http2_keep_alive_interval(Duration::from_secs(20))
            .keep_alive_while_idle(true))
    }

    /// Wraps an existing channel.
    pub fn new(channel: Channel, token: BearerToken) -> Self {
        Self { channel, token }
    }

    /// A channel that connects on first use, so a client can start while the server is down.
    pub fn lazy(addr: &str, token: BearerToken) -> Result<Self, tonic::transport::Error> {
        Ok(Self::new(Self::endpoint(addr)?.connect_lazy(), token))
    }

    /// Connects now and fails when the server cannot be reached.
    pub async fn connect(addr: &str, token: BearerToken) -> Result<Self, tonic::transport::Error> {
        Ok(Self::new(Self::endpoint(addr)?.connect().await?, token))
    }

    fn authed(&self) -> Authed {
        InterceptedService::new(self.channel.clone(), self.token.clone())
    }

    /// The kiosk's service.
    pub fn kiosk(&self) -> KioskServiceClient<Authed> {
        KioskServiceClient::new(self.authed())
    }

    /// The desk's appointment service.
    pub fn appointments(&self) -> AppointmentServiceClient<Authed> {
        AppointmentServiceClient::new(self.authed())
    }

    /// The customer files.
    pub fn customers(&self) -> CustomerServiceClient<Authed> {
        CustomerServiceClient::new(self.authed())
    }

    /// Staff and service types.
    pub fn admin(&self) -> AdminServiceClient<Authed> {
        AdminServiceClient::new(self.authed())
    }

    /// The waiting queue.
    pub fn queue(&self) -> QueueServiceClient<Authed> {
        QueueServiceClient::new(self.authed())
    }

    /// Visits (repair progress).
    pub fn visits(&self) -> VisitServiceClient<Authed> {
        VisitServiceClient::new(self.authed())
    }

    /// The service manager's figures.
    pub fn reports(&self) -> ReportServiceClient<Authed> {
        ReportServiceClient::new(self.authed())
    }

    /// The follow-up desk.
    pub fn followups(&self) -> FollowUpServiceClient<Authed> {
        FollowUpServiceClient::new(self.authed())
    }

    /// Recall campaigns.
    pub fn recalls(&self) -> RecallServiceClient<Authed> {
        RecallServiceClient::new(self.authed())
    }

    /// Work orders: the reception sheet and the estimate.
    pub fn work_orders(&self) -> WorkOrderServiceClient<Authed> {
        WorkOrderServiceClient::new(self.authed())
    }
}
