//! Conditional and partial requests: HTTP dates, `ETag` comparison,
//! `Range` headers and `multipart/byteranges` bodies (several ranges in
//! one answer, as nginx gives them: the search engine asks for every range
//! of a query step at once).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::time::SystemTime;

const HTTP_DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

pub(super) fn http_date(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

pub(super) fn parse_http_date(s: &str) -> Option<u64> {
    let dt = time::PrimitiveDateTime::parse(s.trim(), HTTP_DATE).ok()?;
    u64::try_from(dt.assume_utc().unix_timestamp()).ok()
}

pub(super) fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Does an `If-None-Match` list match `etag` (weak comparison)?
pub(super) fn etag_matches(list: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    list.split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// Most ranges one request may ask for (Apache's default is 200); a
/// request asking for more gets the whole file.
const MAX_RANGES: usize = 100;

/// The `bytes=` ranges of a `Range` header resolved against `len`, as
/// inclusive `(first, last)` pairs: `Ok(None)` for none or one we ignore
/// (syntax, too many ranges), `Err(())` if no range is satisfiable.
#[allow(clippy::result_unit_err)]
pub fn parse_range(header: &str, len: u64) -> Result<Option<Vec<(u64, u64)>>, ()> {
    let Some(specs) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    let mut ranges = Vec::new();
    for spec in specs.split(',') {
        if ranges.len() == MAX_RANGES {
            return Ok(None);
        }
        let Some((a, b)) = spec.trim().split_once('-') else {
            return Ok(None);
        };
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() {
            let Ok(n) = b.parse::<u64>() else {
                return Ok(None);
            };
            if n > 0 && len > 0 {
                ranges.push((len.saturating_sub(n), len - 1));
            }
            continue;
        }
        let Ok(start) = a.parse::<u64>() else {
            return Ok(None);
        };
        let end = if b.is_empty() {
            len.saturating_sub(1)
        } else {
            match b.parse::<u64>() {
                Ok(e) if e >= start => e.min(len.saturating_sub(1)),
                _ => return Ok(None),
            }
        };
        if start < len {
            ranges.push((start, end));
        }
    }
    if ranges.is_empty() {
        return Err(());
    }
    Ok(Some(ranges))
}

/// A `multipart/byteranges` body of `ranges` of `file` (RFC 9110 §14.6):
/// how several ranges are answered in one response.
pub(super) fn multipart(
    file: &File,
    body: Option<&[u8]>,
    ranges: &[(u64, u64)],
    ctype: &str,
    len: u64,
    boundary: &str,
) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    for &(a, b) in ranges {
        out.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Type: {ctype}\r\nContent-Range: bytes {a}-{b}/{len}\r\n\r\n"
            )
            .as_bytes(),
        );
        let n = (b - a + 1) as usize;
        match body {
            Some(bytes) => out.extend_from_slice(&bytes[a as usize..=b as usize]),
            None => {
                let at = out.len();
                out.resize(at + n, 0);
                read_exact_at(file, &mut out[at..], a)?;
            }
        }
    }
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok(out)
}

fn read_exact_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ranges() {
        let one = |a, b| Ok(Some(vec![(a, b)]));
        assert_eq!(parse_range("bytes=0-3", 10), one(0, 3));
        assert_eq!(parse_range("bytes=4-", 10), one(4, 9));
        assert_eq!(parse_range("bytes=-3", 10), one(7, 9));
        assert_eq!(parse_range("bytes=5-100", 10), one(5, 9));
        assert_eq!(parse_range("bytes=10-", 10), Err(()));
        assert_eq!(
            parse_range("bytes=0-1, 4-5,-2", 10),
            Ok(Some(vec![(0, 1), (4, 5), (8, 9)]))
        );
        // Unsatisfiable ranges among others are dropped.
        assert_eq!(parse_range("bytes=0-1,20-30", 10), one(0, 1));
        assert_eq!(parse_range("bytes=3-1", 10), Ok(None));
        assert_eq!(parse_range("bytes=0-1,x", 10), Ok(None));
        assert_eq!(parse_range("items=0-1", 10), Ok(None));
        let many = (0..=MAX_RANGES)
            .map(|i| format!("{i}-{i}"))
            .collect::<Vec<_>>();
        assert_eq!(
            parse_range(&format!("bytes={}", many.join(",")), 1000),
            Ok(None)
        );
    }

    #[test]
    fn http_dates_round_trip() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(784111777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784111777)
        );
    }
}
