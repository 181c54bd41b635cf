//! `terraform fmt`-clean text from an hcl-rs body. hcl-rs formats everything but alignment:
//! `terraform fmt` (hclwrite) lines up the `=` of consecutive single-line attributes, and a
//! line that opens a multi-line value (`tags = {`) ends such a run without joining it.

use hcl::Body;

/// Formats `body` as `terraform fmt` would: hcl-rs's text, then one pass over its lines that
/// closes empty blocks and aligns runs of assignments.
pub(super) fn format(body: &Body) -> Result<String, hcl::Error> {
    Ok(tidy(&hcl::format::to_string(body)?))
}

/// hcl-rs's text as `terraform fmt` writes it.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut run: Vec<(&str, &str)> = Vec::new();
    for line in text.lines() {
        if let Some(eq) = assignment(line) {
            run.push((line[..eq].trim_end(), &line[eq..]));
            continue;
        }
        flush(&mut run, &mut out);
        match empty_block(line) {
            Some(head) => {
                out.push_str(head);
                out.push_str(" {}\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// hcl-rs writes an empty block as `name {    }`; `terraform fmt` writes `name {}`. The
/// head of such a line (`name`), which is never an assignment.
fn empty_block(line: &str) -> Option<&str> {
    line.strip_suffix('}')
        .map(str::trim_end)
        .and_then(|head| head.strip_suffix('{'))
        .filter(|head| !head.trim().is_empty() && !head.contains('='))
        .map(str::trim_end)
}

/// Writes a run of consecutive single-line assignments with their `=` aligned, and empties it.
fn flush(run: &mut Vec<(&str, &str)>, out: &mut String) {
    let width = run
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (key, rest) in run.drain(..) {
        out.push_str(key);
        out.extend(std::iter::repeat_n(' ', width - key.chars().count() + 1));
        out.push_str(rest);
        out.push('\n');
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_blocks_are_closed_on_one_line_and_runs_still_align() {
        let text = "a {\n  match_attributes {      }\n  tags = {}\n  b = \"{ }\"\n}\n";
        assert_eq!(
            tidy(text),
            "a {\n  match_attributes {}\n  tags = {}\n  b    = \"{ }\"\n}\n"
        );
    }

    #[test]
    fn aligns_runs_and_breaks_on_multiline_values() {
        let text = "resource \"a\" \"b\" {\n  x = 1\n  long_name = \"{\"\n  tags = {\n    Name = \"n\"\n    \"cost-center\" = \"x\"\n  }\n}\n";
        let expected = "resource \"a\" \"b\" {\n  x         = 1\n  long_name = \"{\"\n  tags = {\n    Name          = \"n\"\n    \"cost-center\" = \"x\"\n  }\n}\n";
        assert_eq!(tidy(text), expected);
    }
}
