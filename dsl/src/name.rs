//! Model names and what they become in the output: CloudFormation logical ids (PascalCase,
//! alphanumeric) and Terraform labels (snake_case). Both renderers and the validator use
//! these functions, so a collision the validator reports is exactly one the output would have.

/// The longest name netform accepts. Names are joined into resource names, stack names and
/// export names; the CloudFormation renderer checks the joined stack name against its
/// 128-character limit.
pub const MAX_NAME_LEN: usize = 64;

/// Why a name is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// The name is empty.
    Empty,
    /// The name does not start with an ASCII letter.
    BadStart(char),
    /// The name has a character other than ASCII letters, digits, `-` and `_`.
    BadChar(char),
    /// The name is longer than [`MAX_NAME_LEN`].
    TooLong(usize),
}

/// Checks a model name: an ASCII letter, then letters, digits, `-` or `_`, at most
/// [`MAX_NAME_LEN`] characters.
pub fn check_name(name: &str) -> Result<(), NameProblem> {
    let mut chars = name.chars();
    let first = chars.next().ok_or(NameProblem::Empty)?;
    if !first.is_ascii_alphabetic() {
        return Err(NameProblem::BadStart(first));
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(NameProblem::BadChar(bad));
    }
    let len = name.chars().count();
    if len > MAX_NAME_LEN {
        return Err(NameProblem::TooLong(len));
    }
    Ok(())
}

/// A CloudFormation logical id from name parts: each `-`/`_`-separated word capitalized and
/// joined, so `["prod-app", "private", "a"]` becomes `ProdAppPrivateA`. Characters other than
/// ASCII letters and digits are dropped (CloudFormation allows only those).
pub fn logical_id<S: AsRef<str>>(parts: &[S]) -> String {
    let mut id = String::with_capacity(parts.iter().map(|p| p.as_ref().len()).sum::<usize>() + 24);
    push_logical_id(&mut id, parts);
    id
}

/// [`logical_id`] of `parts`, appended to `id`. Works on bytes: a word starts after `-` or
/// `_`, and only ASCII letters and digits are kept (any byte of a multi-byte character is
/// neither), so the result is ASCII.
pub fn push_logical_id<S: AsRef<str>>(id: &mut String, parts: &[S]) {
    for part in parts {
        let mut word_start = true;
        for &byte in part.as_ref().as_bytes() {
            if byte == b'-' || byte == b'_' {
                word_start = true;
            } else if byte.is_ascii_alphanumeric() {
                let byte = if word_start {
                    byte.to_ascii_uppercase()
                } else {
                    byte
                };
                id.push(char::from(byte));
                word_start = false;
            }
        }
    }
}

/// A Terraform label from name parts: lowercased, `-` turned into `_`, joined with `_`, so
/// `["prod-app", "private", "a"]` becomes `prod_app_private_a`.
pub fn tf_label<S: AsRef<str>>(parts: &[S]) -> String {
    let mut label = String::with_capacity(parts.iter().map(|p| p.as_ref().len() + 1).sum());
    for part in parts {
        if !label.is_empty() {
            label.push('_');
        }
        let part = part.as_ref();
        if part.is_ascii() {
            label.extend(part.bytes().map(|b| match b {
                b'-' => '_',
                b => char::from(b.to_ascii_lowercase()),
            }));
        } else {
            label.extend(part.chars().map(|c| match c {
                '-' => '_',
                c => c.to_ascii_lowercase(),
            }));
        }
    }
    label
}

/// The name part a DNS record contributes to its resource's ids: `apex` for `@`, otherwise
/// the record's name with `.` as `-` and a wildcard `*` as `wildcard`. Two records whose parts
/// differ only in what ids drop would collide; the validator reports them (NF0813).
pub fn record_label(name: &str) -> String {
    match name {
        "@" => "apex".to_string(),
        name => name.replace('*', "wildcard").replace('.', "-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_rejects() {
        assert_eq!(check_name("prod-app_2"), Ok(()));
        assert_eq!(check_name(""), Err(NameProblem::Empty));
        assert_eq!(check_name("2prod"), Err(NameProblem::BadStart('2')));
        assert_eq!(check_name("prod app"), Err(NameProblem::BadChar(' ')));
        assert_eq!(check_name(&"a".repeat(65)), Err(NameProblem::TooLong(65)));
    }

    #[test]
    fn converts() {
        assert_eq!(logical_id(&["prod-app", "private", "a"]), "ProdAppPrivateA");
        assert_eq!(logical_id(&["prod_app"]), logical_id(&["prod-app"]));
        assert_eq!(
            tf_label(&["Prod-App", "private", "a"]),
            "prod_app_private_a"
        );
    }
}
