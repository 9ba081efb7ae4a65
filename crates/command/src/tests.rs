use super::*;
use borderflow_core::instruction::{InstructionStep, Order, Step, Target};

fn at(hm: &str) -> Timestamp {
    format!("2026-07-12T{hm}+08:00").parse().unwrap()
}

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn step(instruction: &str, step: Step, by: Option<&str>) -> InstructionStep {
    InstructionStep { instruction: id(instruction), step, by: by.map(id), to: None, order: None, note: None }
}

fn sent(instruction: &str, order: Order) -> InstructionStep {
    let lane = order.lane().cloned().unwrap_or_else(|| id("D1"));
    InstructionStep { to: Some(Target::Lane { lane }), order: Some(order), ..step(instruction, Step::Sent, Some("duty-1")) }
}

fn ev(hm: &str, body: EventBody) -> Event {
    Event { id: uuid::Uuid::new_v4(), at: at(hm), checkpoint: id("khorgos"), body }
}

fn lane_opened(lane: &str) -> EventBody {
    EventBody::LaneOpened(borderflow_core::event::LaneChange { lane: id(lane), officer: None, by: None })
}

#[test]
fn an_instruction_goes_sent_delivered_acknowledged_done_by_the_lane_event() {
    let mut b = Book::new();
    let open = sent("in-1", Order::OpenLane { lane: id("D5") });
    b.check(&open).unwrap();
    b.apply(&ev("10:00:00", EventBody::Instruction(open.clone())));
    assert_eq!(b.check(&open), Err(StepError::AlreadySent(id("in-1"))));
    for (hm, s, state) in [("10:00:02", Step::Delivered, State::Delivered), ("10:00:40", Step::Acknowledged, State::Acknowledged)] {
        let st = step("in-1", s, Some("D5-1"));
        b.check(&st).unwrap();
        b.apply(&ev(hm, EventBody::Instruction(st)));
        assert_eq!(b.get("in-1").unwrap().state, state);
    }
    assert_eq!(b.get("in-1").unwrap().time_to_ack_s(), Some(40.0));
    // A click is no proof: the lane's own event is. Another lane's is not.
    assert!(b.proven_done(&ev("10:01:00", lane_opened("D4"))).is_empty());
    assert_eq!(b.proven_done(&ev("10:01:00", lane_opened("D5"))), vec![id("in-1")]);
    b.apply(&ev("10:01:00", EventBody::Instruction(step("in-1", Step::Done, None))));
    assert_eq!(b.get("in-1").unwrap().state, State::Done);
    assert_eq!(b.median_time_to_ack_s("khorgos", at("00:00:00"), at("23:59:59")), Some(40.0));
    // Nothing follows done.
    let again = step("in-1", Step::Acknowledged, Some("D5-1"));
    assert!(matches!(b.check(&again), Err(StepError::NotNow { state: State::Done, .. })));
}

#[test]
fn a_declined_instruction_keeps_its_reason_and_takes_no_more_steps() {
    let mut b = Book::new();
    b.apply(&ev("10:00:00", EventBody::Instruction(sent("in-2", Order::CloseLane { lane: id("D2") }))));
    let decline = InstructionStep { note: Some("a traveller at the desk".into()), ..step("in-2", Step::Declined, Some("D2-1")) };
    b.apply(&ev("10:00:30", EventBody::Instruction(decline)));
    let i = b.get("in-2").unwrap();
    assert_eq!((i.state, i.reason.as_deref(), i.time_to_ack_s()), (State::Declined, Some("a traveller at the desk"), None));
    assert!(b.check(&step("in-2", Step::Acknowledged, None)).is_err());
    // Closing the lane later does not make a declined instruction done.
    assert!(
        b.proven_done(&ev(
            "10:05:00",
            EventBody::LaneClosed(borderflow_core::event::LaneChange { lane: id("D2"), officer: None, by: None })
        ))
        .is_empty()
    );
    assert_eq!(b.check(&step("in-9", Step::Acknowledged, None)), Err(StepError::Unknown(id("in-9"))));
    assert_eq!(b.check(&step("in-9", Step::Sent, None)), Err(StepError::Incomplete));
}

#[test]
fn unanswered_instructions_escalate_to_the_supervisor_then_the_hall_then_stop() {
    let mut b = Book::new();
    let after = SignedDuration::from_mins(2);
    b.apply(&ev("10:00:00", EventBody::Instruction(sent("in-3", Order::OpenLane { lane: id("D3") }))));
    b.apply(&ev("10:00:30", EventBody::Instruction(sent("in-4", Order::Message { text: "ready, open the hall".into() }))));
    b.apply(&ev("10:00:31", EventBody::Instruction(step("in-4", Step::Acknowledged, Some("guide-2")))));
    assert!(b.due_escalations(at("10:01:59"), after).is_empty());
    assert_eq!(b.due_escalations(at("10:02:00"), after), vec![(id("in-3"), 1)]);
    b.apply(&ev("10:02:00", EventBody::Instruction(step("in-3", Step::Escalated, None))));
    assert!(b.due_escalations(at("10:03:59"), after).is_empty(), "the next level at twice the delay");
    assert_eq!(b.due_escalations(at("10:04:00"), after), vec![(id("in-3"), 2)]);
    b.apply(&ev("10:04:00", EventBody::Instruction(step("in-3", Step::Escalated, None))));
    assert!(b.due_escalations(at("11:00:00"), after).is_empty(), "two levels, then it stays on the board");
    assert!(b.check(&step("in-3", Step::Escalated, None)).is_err());
    // Still answerable after escalation.
    b.check(&step("in-3", Step::Acknowledged, Some("D3-1"))).unwrap();
}

#[test]
fn an_officer_move_is_done_when_the_officer_signs_in_at_that_lane() {
    let mut b = Book::new();
    b.apply(&ev("10:10:00", EventBody::Instruction(sent("in-5", Order::MoveOfficer { officer: id("XD4-1"), lane: id("D9") }))));
    let on = |lane: &str| EventBody::OfficerOn(borderflow_core::event::OfficerChange { officer: id("XD4-1"), lane: Some(id(lane)) });
    assert!(b.proven_done(&ev("10:14:00", on("XD4"))).is_empty());
    assert_eq!(b.proven_done(&ev("10:15:00", on("D9"))), vec![id("in-5")]);
    // An event before the instruction proves nothing.
    assert!(b.proven_done(&ev("10:09:00", on("D9"))).is_empty());
    assert_eq!(b.list(Some(State::Sent)).len(), 1);
    assert_eq!(State::parse("acknowledged"), Some(State::Acknowledged));
    assert_eq!(State::parse("lost"), None);
}
