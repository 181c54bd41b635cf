//! `terraform fmt`-clean text from an hcl-rs body. hcl-rs formats everything but alignment:
//! `terraform fmt` (hclwrite) lines up the `=` of consecutive single-line attributes, and a
//! line that opens a multi-line value (`tags = {`) ends such a run without joining it.

use hcl::Body;

/// Formats `body` as `terraform fmt` would.
pub(super) fn format(body: &Body) -> Result<String, hcl::Error> {
    let text = hcl::format::to_string(body)?;
    Ok(align(&close_empty_blocks(&text)))
}

/// hcl-rs writes an empty block as `name {    }`; `terraform fmt` writes `name {}`.
fn close_empty_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let collapsed = body
            .strip_suffix('}')
            .map(|head| head.trim_end())
            .and_then(|head| head.strip_suffix('{'))
            .filter(|head| !head.trim().is_empty() && !head.contains('='));
        match collapsed {
            Some(head) => {
                out.push_str(head.trim_end());
                out.push_str(" {}");
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Where the `=` of an attribute line is, if the line is a whole single-line assignment.
fn assignment(line: &str) -> Option<usize> {
    let eq = key_end(line)?;
    let rest = &line[eq + 1..];
    (net_brackets(rest) == 0).then_some(eq)
}

/// The position of the `=` after a leading identifier or quoted key.
fn key_end(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let key_len = if let Some(rest) = trimmed.strip_prefix('"') {
        let mut escaped = false;
        let close = rest.char_indices().find(|&(_, c)| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end
        })?;
        close.0 + 2
    } else {
        trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .filter(|&n| n > 0)?
    };
    let after = &trimmed[key_len..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let at = indent + key_len + spaces;
    (line[at..].starts_with('=') && !line[at..].starts_with("==")).then_some(at)
}

/// Opening minus closing brackets outside string literals.
fn net_brackets(text: &str) -> i32 {
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    for c in text.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            _ => {}
        }
    }
    depth
}

fn align(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while i < lines.len() {
        // A run of consecutive single-line assignments.
        let start = i;
        while i < lines.len() && assignment(lines[i]).is_some() {
            i += 1;
        }
        if start == i {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        let keys: Vec<(&str, &str)> = lines[start..i]
            .iter()
            .map(|line| {
                let eq = assignment(line).expect("checked above");
                (line[..eq].trim_end(), &line[eq..])
            })
            .collect();
        let width = keys
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (key, rest) in keys {
            out.push_str(key);
            out.extend(std::iter::repeat_n(' ', width - key.chars().count() + 1));
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_blocks_are_closed_on_one_line() {
        let text = "a {\n  match_attributes {      }\n  tags = {}\n  b = \"{ }\"\n}\n";
        assert_eq!(
            close_empty_blocks(text),
            "a {\n  match_attributes {}\n  tags = {}\n  b = \"{ }\"\n}\n"
        );
    }

    #[test]
    fn aligns_runs_and_breaks_on_multiline_values() {
        let text = "resource \"a\" \"b\" {\n  x = 1\n  long_name = \"{\"\n  tags = {\n    Name = \"n\"\n    \"cost-center\" = \"x\"\n  }\n}\n";
        let expected = "resource \"a\" \"b\" {\n  x         = 1\n  long_name = \"{\"\n  tags = {\n    Name          = \"n\"\n    \"cost-center\" = \"x\"\n  }\n}\n";
        assert_eq!(align(text), expected);
    }
}
