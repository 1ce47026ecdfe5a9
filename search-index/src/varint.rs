//! LEB128 varints: the numbers of the bundle's own files (stored
//! documents, their lengths, the index's words).

/// Appends `v`, seven bits a byte, lowest first.
pub fn push(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it; the error says what is wrong
/// (the caller names the file).
pub fn read(bytes: &[u8], at: &mut usize) -> Result<u64, &'static str> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at).ok_or("truncated number")?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("number too long")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_damage_is_an_error() {
        let values = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let mut bytes = Vec::new();
        for v in values {
            push(&mut bytes, v);
        }
        let mut at = 0;
        for v in values {
            assert_eq!(read(&bytes, &mut at), Ok(v));
        }
        assert_eq!(at, bytes.len());
        assert!(read(&bytes, &mut at).is_err());
        assert!(read(&[0xff; 11], &mut 0).is_err());
    }
}
