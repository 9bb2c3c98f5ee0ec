//! Shifts: opened and closed at the terminal that pushes them, by a person who may sell. A shift's
//! records come only from the terminal that opened it: no till can close another's shift or move
//! cash in it.

use super::{Effects, Judge, Reason, parse, same_id};
use crate::push::context::ShiftRow;
use pos_domain::roles::Permission;
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Shift {
    id: String,
    terminal: String,
    branch: String,
    opened_by: String,
    opened_at: i64,
    #[serde(default)]
    closed_by: Option<String>,
    #[serde(default)]
    closed_at: Option<i64>,
}

pub fn opened(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    let s: Shift = parse(&r.payload)?;
    same_id(r, &s.id)?;
    j.own(&s.branch, Some(&s.terminal))?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    if by != s.opened_by {
        return Err(format!("opened by {} but pushed as {by}", s.opened_by));
    }
    if j.ctx.shifts.contains_key(&s.id) {
        return Err(format!("shift {} was opened before", s.id));
    }
    j.when(s.opened_at)?;
    fx.shifts_opened
        .push((s.id.clone(), s.branch.clone(), s.terminal.clone(), s.opened_at));
    j.ctx.shifts.insert(
        s.id,
        ShiftRow {
            device_id: Some(j.device.id),
            branch: s.branch,
            terminal: s.terminal,
            opened_at: s.opened_at,
            closed_at: None,
        },
    );
    j.reported(s.opened_at);
    Ok(())
}

pub fn closed(j: &mut Judge<'_>, r: &Record, fx: &mut Effects) -> Result<(), Reason> {
    // A closed shift may come wrapped as {shift, totals} from terminals before 2026-11-22.
    let s: Shift = parse(r.payload.get("shift").unwrap_or(&r.payload))?;
    same_id(r, &s.id)?;
    j.own(&s.branch, Some(&s.terminal))?;
    let by = j.may(r.by.as_deref(), Permission::Sell)?;
    let (Some(closed_by), Some(closed_at)) = (s.closed_by.as_deref(), s.closed_at) else {
        return Err("a closed shift needs who closed it and when".into());
    };
    if by != closed_by {
        return Err(format!("closed by {closed_by} but pushed as {by}"));
    }
    let open = j
        .ctx
        .shifts
        .get(&s.id)
        .ok_or_else(|| format!("shift {} was never opened", s.id))?;
    let mine = match open.device_id {
        Some(d) => d == j.device.id,
        None => open.branch == j.device.branch && open.terminal == j.device.terminal,
    };
    if !mine {
        return Err(format!("shift {} is another terminal's", s.id));
    }
    if open.closed_at.is_some() {
        return Err(format!("shift {} is already closed", s.id));
    }
    if closed_at < open.opened_at {
        return Err("closed before it was opened".into());
    }
    j.when(closed_at)?;
    fx.shifts_closed.push((s.id.clone(), closed_at));
    if let Some(open) = j.ctx.shifts.get_mut(&s.id) {
        open.closed_at = Some(closed_at);
    }
    j.reported(closed_at);
    Ok(())
}
