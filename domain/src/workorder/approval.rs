//! The customer's answer to an estimate version: the versions' order, the approval
//! bound to the content hash, the lines declined, and what may be done once approved.

use chrono::{DateTime, Utc};

use super::{EstimateState, LineState};
use crate::error::{Error, Invalid, Violation};
use crate::{ErrorReason, VisitStage, limits, required_text};

/// A signature as drawn: strokes of points on the pad, in its pixels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signature {
    /// Each stroke, finger down to finger up.
    pub strokes: Vec<Vec<(u16, u16)>>,
}

/// The most points a signature keeps.
pub const MOST_SIGNATURE_POINTS: usize = 5_000;
/// The largest coordinate on a pad.
pub const MOST_SIGNATURE_PIXELS: i32 = 4_096;

impl Signature {
    /// A signature from the pad's strokes: at least one stroke of two points, at most
    /// [`MOST_SIGNATURE_POINTS`] points within the pad.
    pub fn parse(strokes: &[Vec<(i32, i32)>], field: &str) -> Result<Signature, Violation> {
        let points: usize = strokes.iter().map(Vec::len).sum();
        if !strokes.iter().any(|s| s.len() >= 2) {
            return Err(Invalid::new(ErrorReason::FieldRequired, "the customer signs with a stroke at least").at(field));
        }
        let on_pad = |v: i32| (0..=MOST_SIGNATURE_PIXELS).contains(&v);
        if points > MOST_SIGNATURE_POINTS || strokes.iter().flatten().any(|(x, y)| !on_pad(*x) || !on_pad(*y)) {
            let why = format!("a signature has at most {MOST_SIGNATURE_POINTS} points of 0 to {MOST_SIGNATURE_PIXELS}");
            return Err(Invalid::new(ErrorReason::FieldInvalid, why).at(field));
        }
        let pixel = |v: i32| u16::try_from(v).unwrap_or(u16::MAX);
        Ok(Signature {
            strokes: strokes.iter().map(|s| s.iter().map(|&(x, y)| (pixel(x), pixel(y))).collect()).collect(),
        })
    }

    /// As kept: `x,y x,y;x,y x,y` (strokes by `;`).
    pub fn to_text(&self) -> String {
        self.strokes
            .iter()
            .map(|s| s.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Back from [`Signature::to_text`]; points that do not read are left out.
    pub fn from_text(text: &str) -> Signature {
        let point = |p: &str| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        };
        Signature {
            strokes: text
                .split(';')
                .filter(|s| !s.is_empty())
                .map(|s| s.split(' ').filter_map(point).collect())
                .collect(),
        }
    }
}

/// How far in the future a phone call's time may lie: a staff computer's clock a little fast.
pub const CLOCK_SLACK_MINUTES: i64 = 5;

/// How the customer said yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consent {
    /// Signed at the counter (on the pad).
    Signature(Signature),
    /// On the phone.
    Phone {
        /// Who called the customer.
        called_by: String,
        /// When.
        called_at: DateTime<Utc>,
        /// What the customer said (客户原话).
        customer_words: String,
    },
}

impl Consent {
    /// A phone approval: who called and the customer's words are required; the call
    /// lies in the past (a clock a few minutes fast is let be: [`CLOCK_SLACK_MINUTES`]).
    pub fn phone(
        called_by: &str,
        called_at: DateTime<Utc>,
        customer_words: &str,
        now: DateTime<Utc>,
    ) -> Result<Consent, Vec<Violation>> {
        let mut bad = Vec::new();
        let mut text = |value: &str, field: &str, what: &str, max: usize| {
            required_text(value, max, what).map_err(|e| bad.push(e.at(field))).unwrap_or_default()
        };
        let called_by = text(called_by, "called_by", "say who called the customer", limits::SHORT_TEXT_CHARS);
        let customer_words =
            text(customer_words, "customer_words", "write what the customer said", limits::LONG_TEXT_CHARS);
        if called_at > now + chrono::Duration::minutes(CLOCK_SLACK_MINUTES) {
            bad.push(Invalid::new(ErrorReason::FieldInvalid, "the call lies in the future").at("call_time"));
        }
        if bad.is_empty() { Ok(Consent::Phone { called_by, called_at, customer_words }) } else { Err(bad) }
    }
}

/// An estimate version as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// 1, 2, …
    pub version: u32,
    /// Waiting, approved or declined.
    pub state: EstimateState,
    /// The hash of its content.
    pub content_hash: String,
    /// Its lines: id and state.
    pub lines: Vec<(i64, LineState)>,
}

/// The customer's answer to a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Approved, or declined when every line was.
    pub state: EstimateState,
    /// Each line's state after the answer.
    pub lines: Vec<(i64, LineState)>,
}

impl Version {
    /// The customer answers this version, having seen the content with hash
    /// `shown_hash`, declining the lines `declined`. Refused when the version was
    /// answered already (`ESTIMATE_DECIDED`) or the customer saw other content than
    /// the version holds (`ESTIMATE_CHANGED`); a declined line not in the version is
    /// an invalid `declined_line_ids`.
    pub fn decide(self, shown_hash: &str, declined: &[i64]) -> Result<Decision, Error> {
        if self.state != EstimateState::Proposed {
            return Err(Error::refused(
                ErrorReason::EstimateDecided,
                format!("estimate version {} was answered already ({})", self.version, <&str>::from(self.state)),
            ));
        }
        if shown_hash != self.content_hash {
            return Err(Error::refused(
                ErrorReason::EstimateChanged,
                format!("the customer saw other content than estimate version {}; show it again", self.version),
            )
            .with("content_hash", self.content_hash));
        }
        if let Some(stray) = declined.iter().find(|id| !self.lines.iter().any(|(line, _)| line == *id)) {
            let why = format!("line {stray} is not on estimate version {}", self.version);
            return Err(Error::invalid("declined_line_ids", Invalid::new(ErrorReason::FieldInvalid, why)));
        }
        let lines: Vec<(i64, LineState)> = self
            .lines
            .iter()
            .map(|&(id, _)| (id, if declined.contains(&id) { LineState::Declined } else { LineState::Approved }))
            .collect();
        let state = if lines.iter().all(|(_, s)| *s == LineState::Declined) {
            EstimateState::Declined
        } else {
            EstimateState::Approved
        };
        Ok(Decision { state, lines })
    }
}

/// The number of the next version: one more than the last, once the customer answered
/// every earlier one (`ESTIMATE_PENDING` while one waits).
pub fn next_version(states: &[EstimateState]) -> Result<u32, Error> {
    if let Some(waiting) = states.iter().position(|s| *s == EstimateState::Proposed) {
        return Err(Error::refused(
            ErrorReason::EstimatePending,
            format!("estimate version {} still waits for the customer's answer", waiting + 1),
        ));
    }
    Ok(u32::try_from(states.len()).unwrap_or(u32::MAX).saturating_add(1))
}

/// The car goes into the workshop only with an approved estimate (`ESTIMATE_NOT_APPROVED`).
pub fn may_start_repair(states: &[EstimateState]) -> Result<(), Error> {
    if states.contains(&EstimateState::Approved) {
        Ok(())
    } else {
        Err(Error::refused(
            ErrorReason::EstimateNotApproved,
            "the customer has not approved an estimate yet: propose one and have it signed or approved by phone",
        ))
    }
}

/// A line the workshop finished: only an approved line (`LINE_NOT_APPROVED`); done
/// again stays done.
pub fn mark_done(line_id: i64, state: LineState) -> Result<LineState, Error> {
    match state {
        LineState::Approved | LineState::Done => Ok(LineState::Done),
        LineState::Proposed | LineState::Declined => Err(Error::refused(
            ErrorReason::LineNotApproved,
            format!("line {line_id} is {}: only approved lines are done", <&str>::from(state)),
        )
        .with("line_id", line_id.to_string())),
    }
}

/// A work order takes changes until the car is handed back (`WORK_ORDER_CLOSED`).
pub fn check_open(stage: VisitStage, work_order: &str) -> Result<(), Error> {
    if stage == VisitStage::Delivered {
        Err(Error::refused(ErrorReason::WorkOrderClosed, format!("{work_order} was handed back; it takes no changes")))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting() -> Version {
        Version {
            version: 2,
            state: EstimateState::Proposed,
            content_hash: "abc".into(),
            lines: vec![(10, LineState::Proposed), (11, LineState::Proposed)],
        }
    }

    #[test]
    fn an_approval_is_bound_to_the_content_the_customer_saw() {
        let changed = waiting().decide("other", &[]).expect_err("changed");
        assert_eq!(changed.reason(), Some(ErrorReason::EstimateChanged));
        let approved = waiting().decide("abc", &[11]).expect("approved");
        assert_eq!(approved.state, EstimateState::Approved);
        assert_eq!(approved.lines, [(10, LineState::Approved), (11, LineState::Declined)]);
        let declined = waiting().decide("abc", &[10, 11]).expect("declined");
        assert_eq!(declined.state, EstimateState::Declined);
        let again = Version { state: EstimateState::Approved, ..waiting() }.decide("abc", &[]).expect_err("again");
        assert_eq!(again.reason(), Some(ErrorReason::EstimateDecided));
        let stray = waiting().decide("abc", &[99]).expect_err("stray");
        assert_eq!(stray.reason(), Some(ErrorReason::FieldInvalid));
    }

    #[test]
    fn a_new_version_waits_for_the_answer_to_the_last_and_repair_for_an_approval() {
        assert_eq!(next_version(&[]).expect("first"), 1);
        assert_eq!(next_version(&[EstimateState::Approved]).expect("second"), 2);
        let pending = next_version(&[EstimateState::Approved, EstimateState::Proposed]).expect_err("pending");
        assert_eq!(pending.reason(), Some(ErrorReason::EstimatePending));
        let refused = may_start_repair(&[EstimateState::Declined]).expect_err("none approved");
        assert_eq!(refused.reason(), Some(ErrorReason::EstimateNotApproved));
        assert!(may_start_repair(&[EstimateState::Declined, EstimateState::Approved]).is_ok());
        assert_eq!(mark_done(1, LineState::Approved).expect("done"), LineState::Done);
        assert_eq!(
            mark_done(1, LineState::Proposed).expect_err("not approved").reason(),
            Some(ErrorReason::LineNotApproved)
        );
    }

    #[test]
    fn a_signature_needs_a_stroke_and_reads_back_as_kept() {
        let drawn = Signature::parse(&[vec![(1, 2), (30, 40)], vec![(5, 5)]], "signature").expect("signed");
        assert_eq!(Signature::from_text(&drawn.to_text()), drawn);
        assert!(Signature::parse(&[vec![(1, 2)]], "signature").is_err(), "a dot is no signature");
        assert!(Signature::parse(&[vec![(1, 2), (-1, 5000)]], "signature").is_err());
    }
}
