//! Wall-clock helpers: the current Unix time and the two date formats the panel
//! writes (`2025-07-14 20:33:45 UTC` in certificates, RFC 3339 in `createdAt`).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// The current time as seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A calendar date and time of day in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// Splits a Unix timestamp into its UTC calendar parts.
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(DAY);
    let rem = secs.rem_euclid(DAY);
    // Days-to-civil conversion over 400-year eras (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u8,
        minute: (rem % 3600 / 60) as u8,
        second: (rem % 60) as u8,
    }
}

/// The Unix timestamp of midnight UTC on the given date.
pub fn from_ymd(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY
}

/// Formats a timestamp the way Enhance prints certificate dates.
pub fn cert_date(secs: i64) -> String {
    let c = civil(secs);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// Formats a timestamp as RFC 3339 in UTC.
pub fn rfc3339(secs: i64) -> String {
    let c = civil(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_dates() {
        assert_eq!(cert_date(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(cert_date(1_752_525_225), "2025-07-14 20:33:45 UTC");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn round_trips_dates() {
        for (y, m, d) in [(1975, 1, 1), (2000, 2, 29), (2025, 12, 31), (4096, 1, 1)] {
            let c = civil(from_ymd(y, m, d));
            assert_eq!((c.year, c.month, c.day, c.hour), (y, m, d, 0));
        }
    }
}
