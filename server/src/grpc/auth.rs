//! The tower layer in front of every service: authenticates the bearer token,
//! checks the caller's role against [`access::ACCESS`], hands the [`Caller`] to
//! the handler in the request extensions, and logs every call with its latency.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::domain::ErrorReason;
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

use super::access::{Access, access_for};
use crate::app::App;
use crate::app::tokens::hash_token;
use crate::domain::{Caller, Error};

/// How long the server trusts what it read of a token: a token revoked, or a member
/// of staff deactivated, is refused at the latest this many seconds later.
pub const TOKEN_CACHE_SECS: u64 = 30;

/// Remembers callers by token hash for [`TOKEN_CACHE_SECS`], so most calls cost no
/// database read.
#[derive(Debug, Default)]
struct TokenCache(RwLock<HashMap<String, Remembered>>);

/// A caller read from the store: when, and at which count of staff changes.
#[derive(Debug, Clone)]
struct Remembered {
    caller: Caller,
    read: Instant,
    staff_changes: u64,
}

/// Adds authentication and role checks to the services below it.
#[derive(Debug, Clone)]
pub struct AuthLayer {
    app: App,
    cache: Arc<TokenCache>,
}

impl AuthLayer {
    /// A layer resolving tokens through `app`.
    pub fn new(app: App) -> Self {
        Self { app, cache: Arc::default() }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth { inner, app: self.app.clone(), cache: Arc::clone(&self.cache) }
    }
}

/// See [`AuthLayer`].
#[derive(Debug, Clone)]
pub struct Auth<S> {
    inner: S,
    app: App,
    cache: Arc<TokenCache>,
}

fn bearer(request: &http::Request<Body>) -> Option<String> {
    let value = request.headers().get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

impl<S> Auth<S> {
    async fn caller(app: &App, cache: &TokenCache, token: &str) -> Result<Option<Caller>, Error> {
        let hash = hash_token(token);
        let staff_changes = app.staff_changes.load(Ordering::SeqCst);
        let fresh = |r: &Remembered| {
            r.staff_changes == staff_changes && r.read.elapsed() < Duration::from_secs(TOKEN_CACHE_SECS)
        };
        if let Some(remembered) = cache.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(&hash)
            && fresh(remembered)
        {
            return Ok(Some(remembered.caller.clone()));
        }
        let found = app.caller_for(token).await?;
        let mut cached = cache.0.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        cached.retain(|_, r| fresh(r));
        if let Some(caller) = &found {
            cached.insert(hash, Remembered { caller: caller.clone(), read: Instant::now(), staff_changes });
        }
        Ok(found)
    }

    async fn authorize(
        app: &App,
        cache: &TokenCache,
        path: &str,
        token: Option<String>,
    ) -> Result<Option<Caller>, Error> {
        let Access::Roles(roles) = access_for(path) else {
            return Ok(None);
        };
        let Some(token) = token else {
            return Err(Error::refused(ErrorReason::TokenMissing, "send `authorization: Bearer <token>`"));
        };
        let Some(caller) = Self::caller(app, cache, &token).await? else {
            return Err(Error::refused(ErrorReason::TokenInvalid, "the token is unknown or revoked"));
        };
        if !roles.contains(&caller.role) {
            return Err(Error::refused(
                ErrorReason::RoleNotAllowed,
                format!("the {} role may not call this method", caller.role),
            ));
        }
        Ok(Some(caller))
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<http::Request<Body>> for Auth<S>
where
    S: Service<http::Request<Body>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<Body>) -> Self::Future {
        // Take the service that was polled ready; leave a fresh clone in its place.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let app = self.app.clone();
        let cache = Arc::clone(&self.cache);
        Box::pin(async move {
            let started = Instant::now();
            let method = request.uri().path().to_owned();
            let token = bearer(&request);
            let response = match Self::authorize(&app, &cache, &method, token).await {
                Ok(caller) => {
                    let role = caller.as_ref().map(|c| c.role.as_str());
                    if let Some(caller) = caller {
                        request.extensions_mut().insert(caller);
                    }
                    let response = inner.call(request).await?;
                    tracing::debug!(%method, role, grpc_status = grpc_status(&response), elapsed_us = started.elapsed().as_micros() as u64, "rpc");
                    response
                }
                Err(error) => {
                    tracing::info!(%method, reason = ?error.reason(), "rpc refused");
                    super::status::status(error).into_http()
                }
            };
            Ok(response)
        })
    }
}

fn grpc_status(response: &http::Response<Body>) -> &str {
    response.headers().get("grpc-status").and_then(|v| v.to_str().ok()).unwrap_or("0")
}

/// The caller the layer put in the request, or UNAUTHENTICATED.
pub fn caller<T>(request: &tonic::Request<T>) -> Result<Caller, Status> {
    request.extensions().get::<Caller>().cloned().ok_or_else(|| {
        super::status::status(Error::refused(ErrorReason::TokenMissing, "send `authorization: Bearer <token>`"))
    })
}
