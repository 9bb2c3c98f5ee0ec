//! The server's API on a real PostgreSQL: enrolment, security, bad input, replays, the change
//! log's cursor, and two offline terminals selling the last unit.

#[path = "../support/mod.rs"]
mod support;

use pos_core::counter::shift::OpenShift;
use pos_core::updates::{AppUpdater, Release, UpdateError};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use support::raw::{self as raw, movement, push, seed, user_record_by};
use support::{Server, Terminal, enrol};

mod enrolment;
mod flows;
mod helpers;
mod in_order;
mod openapi;
mod pushes;
mod selling;
mod trust;
mod updates;
use helpers::*;
