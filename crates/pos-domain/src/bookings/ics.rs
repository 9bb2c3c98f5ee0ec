//! A booking's calendar invitation (RFC 5545 with iTIP's METHOD, RFC 5546): one VEVENT whose UID
//! stays the booking's for life, whose SEQUENCE rises with every change the customer is sent, and
//! which is a REQUEST while the booking stands and a CANCEL when it is called off. Lines end in
//! CRLF, text is escaped, and lines longer than 75 octets are folded without splitting a
//! character.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The booking's id: with `domain`, the event's UID for life.
    pub booking_id: String,
    pub domain: String,
    pub sequence: u32,
    pub cancelled: bool,
    pub start_ms: i64,
    pub end_ms: i64,
    /// When this version was made (DTSTAMP).
    pub stamp_ms: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub organizer_name: String,
    pub organizer_email: String,
    pub attendee_name: String,
    pub attendee_email: String,
}

fn utc(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// TEXT values: backslash, semicolon and comma escaped, line breaks as `\n`, other controls gone.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (a name in `CN=`): quoted, with the characters a quoted value cannot hold gone.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() && *c != '"').collect();
    format!("\"{clean}\"")
}

/// Folds a content line at 75 octets (continuations start with a space), never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

impl Invitation {
    pub fn uid(&self) -> String {
        format!("{}@{}", self.booking_id, self.domain)
    }

    /// The `.ics` file.
    pub fn to_ics(&self) -> String {
        let method = if self.cancelled { "CANCEL" } else { "REQUEST" };
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            "PRODID:-//Hurtrock POS//Bookings//ID".into(),
            "CALSCALE:GREGORIAN".into(),
            format!("METHOD:{method}"),
            "BEGIN:VEVENT".into(),
            format!("UID:{}", self.uid()),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTAMP:{}", utc(self.stamp_ms)),
            format!("DTSTART:{}", utc(self.start_ms)),
            format!("DTEND:{}", utc(self.end_ms)),
            format!("SUMMARY:{}", escape(&self.summary)),
        ];
        if !self.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&self.description)));
        }
        if !self.location.is_empty() {
            lines.push(format!("LOCATION:{}", escape(&self.location)));
        }
        if !self.organizer_email.is_empty() {
            lines.push(format!(
                "ORGANIZER;CN={}:mailto:{}",
                param(&self.organizer_name),
                self.organizer_email
            ));
        }
        if !self.attendee_email.is_empty() {
            lines.push(format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{}",
                param(&self.attendee_name),
                self.attendee_email
            ));
        }
        lines.push(format!(
            "STATUS:{}",
            if self.cancelled { "CANCELLED" } else { "CONFIRMED" }
        ));
        lines.push("END:VEVENT".into());
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for l in &lines {
            fold(l, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation() -> Invitation {
        Invitation {
            booking_id: "0193c1f2-aaaa-7bbb-8ccc-000000000001".into(),
            domain: "hurtrock.id".into(),
            sequence: 2,
            cancelled: false,
            start_ms: 1_796_000_400_000,
            end_ms: 1_796_004_000_000,
            stamp_ms: 1_795_000_000_000,
            summary: "Studio A, 1 jam; band \"Seringai\", latihan".into(),
            description: "Bawa kabel sendiri.\nDP: Rp 100.000".into(),
            location: "Hurtrock Music Store, Jl. Dago No. 12, Bandung".into(),
            organizer_name: "Hurtrock Music Store".into(),
            organizer_email: "halo@hurtrock.id".into(),
            attendee_name: "Rina \"Ri\" Sari".into(),
            attendee_email: "rina@example.com".into(),
        }
    }

    #[test]
    fn lines_are_crlf_folded_at_75_octets_and_text_is_escaped() {
        let ics = invitation().to_ics();
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare line feeds");
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Studio A\\, 1 jam\\; band \"Seringai\"\\, latihan"));
        assert!(unfolded.contains("DESCRIPTION:Bawa kabel sendiri.\\nDP: Rp 100.000"));
        assert!(unfolded.contains("ATTENDEE;CN=\"Rina Ri Sari\";"));
        assert!(unfolded.contains("METHOD:REQUEST") && unfolded.contains("SEQUENCE:2"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut i = invitation();
        i.description = "Gitar listrik — setel ulang · ".repeat(12);
        let ics = i.to_ics();
        assert!(std::str::from_utf8(ics.as_bytes()).is_ok());
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(ics.replace("\r\n ", "").matches("setel ulang").count(), 12);
    }

    /// Read back by an independent parser (the `ical` crate): the properties a calendar acts on.
    #[test]
    fn an_independent_parser_reads_the_event_back() {
        let ics = invitation().to_ics();
        let mut cals = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
        let cal = cals.next().expect("a calendar").expect("it parses");
        assert!(cals.next().is_none());
        let get = |props: &[ical::property::Property], name: &str| {
            props
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        assert_eq!(get(&cal.properties, "METHOD"), "REQUEST");
        assert_eq!(cal.events.len(), 1);
        let e = &cal.events[0].properties;
        assert_eq!(get(e, "UID"), "0193c1f2-aaaa-7bbb-8ccc-000000000001@hurtrock.id");
        assert_eq!(get(e, "SEQUENCE"), "2");
        // 1 796 000 400 000 ms is 2026-11-30 01:00:00 UTC.
        assert_eq!(get(e, "DTSTART"), "20261130T010000Z");
        assert_eq!(get(e, "DTEND"), "20261130T020000Z");
        assert_eq!(get(e, "LOCATION"), "Hurtrock Music Store\\, Jl. Dago No. 12\\, Bandung");
        let attendee = e.iter().find(|p| p.name == "ATTENDEE").unwrap();
        assert_eq!(attendee.value.as_deref(), Some("mailto:rina@example.com"));
        let params = attendee.params.clone().unwrap_or_default();
        assert!(
            params
                .iter()
                .any(|(k, v)| k == "RSVP" && v == &vec!["FALSE".to_string()])
        );
    }

    #[test]
    fn a_cancellation_keeps_the_uid() {
        let mut i = invitation();
        let uid = i.uid();
        i.cancelled = true;
        i.sequence = 3;
        let ics = i.to_ics();
        assert!(ics.contains("METHOD:CANCEL") && ics.contains("STATUS:CANCELLED"));
        assert!(ics.contains(&format!("UID:{uid}")));
    }
}
