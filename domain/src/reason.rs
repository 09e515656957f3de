//! The stable reasons the desk gives when it refuses something: the names of the API's
//! `ErrorReason` (`errors.proto`) without their prefix. The domain speaks them; the
//! server's wire layer maps each to its gRPC code and to the protobuf value of the same
//! name, and a test there holds the two lists together.

/// Why a request was refused, by the API's stable name (`SLOT_FULL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorReason {
    /// A field that must be set is empty (an empty plate, phone, code or `request_id` too: their own reasons are for values that are set but wrong).
    FieldRequired,
    /// A field is out of range or too long; the field violation says which.
    FieldInvalid,
    /// The plate is not a mainland Chinese plate (province character, a letter without I or O, then 5 letters or digits, or 6 for new-energy vehicles).
    PlateInvalid,
    /// The phone is not a mainland mobile number (11 digits starting with 13 to 19).
    PhoneInvalid,
    /// `phone_last4` is not exactly four digits.
    PhoneLast4Invalid,
    /// The customer or advisor name is empty, too long or has control characters.
    NameInvalid,
    /// `service_code` names no configured service type.
    ServiceCodeUnknown,
    /// `slot_start` does not fall on the slot grid (opening time plus whole slots).
    SlotInvalid,
    /// A date is not a calendar date written as YYYY-MM-DD.
    DateInvalid,
    /// `request_id` is longer than 64 characters or not visible ASCII.
    RequestIdInvalid,
    /// `page_token` is not a token this server hands out.
    PageTokenInvalid,
    /// `confirmation_code` is not six characters of the code alphabet.
    ConfirmationCodeInvalid,
    /// An overbooking was asked for without saying why.
    OverbookReasonRequired,
    /// Every seat of the slot for this service type is taken.
    SlotFull,
    /// The slot has already started.
    SlotInPast,
    /// The slot starts sooner than the minimum booking notice.
    SlotTooSoon,
    /// The slot lies beyond the booking horizon.
    SlotBeyondHorizon,
    /// The time is outside the store's opening hours: a slot outside them, or a check-in earlier than `queue.checkin_opens_minutes` before opening or after closing.
    OutsideOpeningHours,
    /// The store is closed on that date (a configured closed date).
    DateClosed,
    /// The day already holds as many appointments as the daily intake cap.
    DailyCapacityReached,
    /// The appointment was already cancelled, checked in or marked no-show.
    AppointmentNotActive,
    /// A no-show can only be marked once the slot has started.
    AppointmentNotDue,
    /// The plate is on file under a different phone number; the desk must confirm who the customer is.
    PhoneMismatch,
    /// The advisor asked for is deactivated.
    AdvisorInactive,
    /// The advisor is paused or offline and cannot take a customer.
    AdvisorNotAvailable,
    /// The advisor is already serving a customer; finish, transfer or return that ticket first.
    AdvisorBusy,
    /// The ticket is not in a state this action applies to (for example starting a ticket that was never called).
    TicketStateInvalid,
    /// A walk-in with a plate not on file needs the customer's full phone number to open a customer file.
    PhoneRequired,
    /// The appointment is for another day; ErrorInfo metadata `slot_start` (RFC 3339) and `local_date` say when it is.
    AppointmentNotToday,
    /// `arrive_time` lies before today or in the future; a check-in kept offline can only be sent on the day it was made.
    ArrivalTimeInvalid,
    /// The visit cannot move from its stage to the one asked for.
    StageTransitionInvalid,
    /// The vehicle already has an open visit (a work order not yet delivered).
    VisitAlreadyOpen,
    /// The advisor is not skilled for the ticket's or the booking's service type (for a booking, ErrorInfo metadata `field` names `preferred_advisor_id`).
    AdvisorNotSkilled,
    /// Follow-up #2 may not repeat a topic of follow-up #1.
    TopicRepeated,
    /// The follow-up is done or closed; no more calls are recorded for it.
    FollowUpClosed,
    /// The escalation is already resolved.
    EscalationResolved,
    /// The letter was already sent.
    LetterAlreadySent,
    /// The escalation has no solution yet, so the customer cannot have been told it.
    EscalationOpen,
    /// The customer's notice of this escalation is already recorded.
    CustomerAlreadyTold,
    /// After no answer the next call is made on the next working day; another unanswered call before then does not count.
    AttemptNotDue,
    /// The escalation is already with the supervisor — reported by the agent, or on its own when the agent's two days of research ran out — so it cannot be reported again, and only a supervisor resolves it now.
    EscalationReported,
    /// The car goes into the workshop only once the customer approved an estimate.
    EstimateNotApproved,
    /// An estimate version still waits for the customer's answer; a new one follows it.
    EstimatePending,
    /// The customer saw other content than the estimate version holds (its content hash differs); ErrorInfo metadata `content_hash` is the version's.
    EstimateChanged,
    /// The estimate version was approved or declined already.
    EstimateDecided,
    /// A line the customer has not approved (or declined) cannot be marked done; ErrorInfo metadata `line_id` names it.
    LineNotApproved,
    /// The car was handed back: the work order takes no more changes.
    WorkOrderClosed,
    /// The settlement's discount is past the store's limit and waits for a supervisor's approval.
    DiscountNeedsApproval,
    /// The work order has no settlement yet: settle it first.
    SettlementRequired,
    /// The customer's share is not paid yet; ErrorInfo metadata `due_fen` says how much is owed.
    SettlementUnpaid,
    /// The payment is more than its payer still owes; ErrorInfo metadata `due_fen` says how much that is.
    PaymentExceedsDue,
    /// The part line is ordered already; ErrorInfo metadata `line_id` names it.
    PartAlreadyOrdered,
    /// The parts order has arrived already.
    PartAlreadyArrived,
    /// No warranty line is done on the work order, so there is nothing to claim.
    NoWarrantyLines,
    /// The work order's warranty claim was submitted already; ErrorInfo metadata `claim_id` names it.
    ClaimExists,
    /// The recall on this vehicle was closed already.
    RecallClosed,
    /// The claim is not in a state this decision applies to (only a submitted claim is approved or rejected, only an approved one paid).
    ClaimStateInvalid,
    /// The settlement stays as it is: payments were recorded (no new settlement), or it was made (no more lines done).
    SettlementLocked,
    /// The vehicle already has an active appointment that day; the ErrorInfo metadata `confirmation_code` names it.
    AppointmentExists,
    /// The `request_id` was already used for a different request.
    RequestIdReused,
    /// The plate belongs to another customer's file.
    PlateTaken,
    /// The phone number belongs to another customer's file.
    PhoneTaken,
    /// Another active advisor already sits at that counter.
    CounterTaken,
    /// No appointment matches; the kiosk also gets it for a wrong `phone_last4`.
    AppointmentNotFound,
    /// No customer file matches.
    CustomerNotFound,
    /// No advisor has that id, or (where a service advisor is needed) no service advisor has it.
    AdvisorNotFound,
    /// No ticket matches.
    TicketNotFound,
    /// No waiting ticket is for this advisor right now.
    QueueEmpty,
    /// No visit has that work-order number.
    VisitNotFound,
    /// No follow-up has that id.
    FollowUpNotFound,
    /// No escalation has that id.
    EscalationNotFound,
    /// No letter has that id.
    LetterNotFound,
    /// The work order has no estimate version with that number, or no line with that id.
    EstimateNotFound,
    /// No parts order has that id.
    PartOrderNotFound,
    /// No warranty claim has that id.
    ClaimNotFound,
    /// No recall campaign has that code, or the vehicle is not in it.
    RecallNotFound,
    /// The call carries no `authorization: Bearer <token>` header.
    TokenMissing,
    /// The token is unknown or revoked, or belongs to a member of staff who was deactivated.
    TokenInvalid,
    /// The token's role may not call this method.
    RoleNotAllowed,
    /// An advisor acted on a ticket another advisor holds, or for another advisor; supervisors may.
    NotYourTicket,
    /// The follow-up belongs to another agent (and the caller does not stand in for them), or to a customer the advisor did not receive.
    NotYourFollowUp,
    /// This kiosk made too many lookups in the last minute; RetryInfo says when to try again.
    RateLimited,
}

impl ErrorReason {
    /// The name clients branch on (`ErrorInfo.reason`), e.g. `SLOT_FULL`.
    pub fn code(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_apis() {
        assert_eq!(ErrorReason::SlotFull.code(), "SLOT_FULL");
        assert_eq!(ErrorReason::PhoneLast4Invalid.code(), "PHONE_LAST4_INVALID");
        assert_eq!("APPOINTMENT_NOT_TODAY".parse::<ErrorReason>().ok(), Some(ErrorReason::AppointmentNotToday));
    }
}
