//! A desk's booking request and moves. The request is judged for shape and authority here (the
//! person may take bookings, the desk is this store's); whether the time is free is decided when
//! the batch is written, under the exclusion constraint ([`crate::bookings::desk`]). A move needs
//! the permission its action needs: accepting, rejecting or cancelling is the owner's or an
//! admin's; taking a down payment, moving a booking or marking it done, anyone who takes bookings.

use super::{Effects, Judge, Reason, id_ok, parse, same_id, text_ok};
use crate::bookings::desk::{Action, Event, Request};
use pos_domain::roles::Permission;
use pos_protocol::Record;

pub fn request(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let q: Request = parse(&r.payload)?;
    same_id(r, &q.id)?;
    if r.by.as_deref() != Some(q.by.as_str()) {
        return Err("the request's person is not the one who pushed it".into());
    }
    j.may(Some(&q.by), Permission::TakeBookings)?;
    let texts = [
        (q.customer_name.as_str(), 120),
        (&q.customer_phone, 40),
        (&q.customer_email, 254),
        (&q.note, 2_000),
    ];
    if q.customer_name.trim().is_empty() || texts.iter().any(|(t, max)| !text_ok(t, *max)) {
        return Err(
            "a booking needs the customer's name (120), phone (40), email (254) and a note (2 000) at most".into(),
        );
    }
    if !(id_ok(&q.service_id) && id_ok(&q.package_id) && q.resource_id.as_deref().is_none_or(id_ok)) {
        return Err("a booking names its service, package and resource by id".into());
    }
    if !(0..=pos_domain::money::MAX_AMOUNT).contains(&q.dp_paid) {
        return Err("the down payment taken is a whole number of rupiah, 0 or more".into());
    }
    j.when(q.at)?;
    fx.booking_requests.push(q);
    Ok(())
}

pub fn event(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let e: Event = parse(&r.payload)?;
    same_id(r, &e.id)?;
    if r.by.as_deref() != Some(e.by.as_str()) {
        return Err("the move's person is not the one who pushed it".into());
    }
    let needs = match e.action {
        Action::Accept | Action::Reject | Action::Cancel => Permission::ApproveBookings,
        Action::DpReceived | Action::Reschedule | Action::Done | Action::Repair => Permission::TakeBookings,
    };
    j.may(Some(&e.by), needs)?;
    if !id_ok(&e.booking_id) || !text_ok(&e.reason, 500) || e.resource_id.as_deref().is_some_and(|r| !id_ok(r)) {
        return Err("a move names its booking and gives a reason of 500 characters at most".into());
    }
    if e.action == Action::DpReceived && !(1..=pos_domain::money::MAX_AMOUNT).contains(&e.amount) {
        return Err("a down payment taken is a whole number of rupiah above 0".into());
    }
    if e.action == Action::Repair {
        match &e.repair {
            Some(t) => t.check().map_err(|(en, _)| en.to_string())?,
            None => return Err("a repair's step carries its ticket".into()),
        }
    }
    if e.action == Action::Reschedule && e.start.is_none() {
        return Err("a move to a new time says when".into());
    }
    j.when(e.at)?;
    fx.booking_events.push(e);
    Ok(())
}
