//! Per-kiosk lookup limits: a token bucket per kiosk token.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::domain::{Error, Result};

/// Allows each key `per_minute` lookups a minute, in bursts of up to `per_minute`.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` lookups a minute per key; 0 turns limiting off.
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one lookup for `key` or answers RATE_LIMITED with the seconds to wait.
    pub fn check(&self, key: i64, now: DateTime<Utc>) -> Result<()> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: capacity, at: now });
        let elapsed = (now - bucket.at).num_milliseconds().max(0) as f64 / 1000.0;
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil().max(1.0);
            Err(Error::rate_limited(wait as u64))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorReason;
    use chrono::Duration;

    #[test]
    fn a_burst_is_allowed_then_limited_then_refilled() {
        let limiter = RateLimiter::new(3);
        let now = Utc::now();
        for _ in 0..3 {
            limiter.check(1, now).unwrap();
        }
        let err = limiter.check(1, now).unwrap_err();
        assert_eq!(err.reason(), Some(ErrorReason::RateLimited));
        limiter.check(2, now).expect("other kiosks are not affected");
        limiter.check(1, now + Duration::seconds(20)).expect("one lookup refilled after 20 s");
    }

    #[test]
    fn zero_turns_limiting_off() {
        let limiter = RateLimiter::new(0);
        for _ in 0..1000 {
            limiter.check(1, Utc::now()).unwrap();
        }
    }
}
