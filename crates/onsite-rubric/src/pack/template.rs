//! Advice and red-flag text templates: `{terms:SIGNAL}`, `{first:SIGNAL}`, `{quote:SIGNAL}`
//! and `{negated:SIGNAL}` placeholders, checked against the pack's signals when it loads.

use std::collections::HashMap;

/// `(kind, signal)` of each `{kind:signal}` in a template (already checked well-formed).
pub(crate) fn placeholders(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if let Some((k, sig)) = rest[open + 1..close].split_once(':') {
            out.push((k.to_owned(), sig.to_owned()));
        }
        rest = &rest[close + 1..];
    }
    out
}

/// What is wrong with a placeholder in an advice or flag text; the caller adds the pack file,
/// the line and the rule it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TemplateError {
    #[error("a `{{` is never closed: write placeholders as `{{terms:SIGNAL}}`")]
    Unclosed,
    #[error("placeholder `{{{inner}}}` must look like `{{terms:SIGNAL}}`")]
    NoKind { inner: String },
    #[error("placeholder `{{{inner}}}`: use terms, first, quote or negated")]
    UnknownKind { inner: String },
    #[error("placeholder `{{{inner}}}`: unknown signal `{signal}`: declare it as `[signals.{signal}]` or use one that is")]
    UnknownSignal { inner: String, signal: String },
}

/// Placeholders an advice or flag text may use: `{terms:SIGNAL}`, `{first:SIGNAL}`,
/// `{quote:SIGNAL}`, `{negated:SIGNAL}`.
pub(crate) fn check_template(
    text: &str,
    signals: &HashMap<String, usize>,
) -> Result<(), TemplateError> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or(TemplateError::Unclosed)? + open;
        let inner = &rest[open + 1..close];
        let Some((kind, signal)) = inner.split_once(':') else {
            return Err(TemplateError::NoKind {
                inner: inner.to_owned(),
            });
        };
        if !matches!(kind, "terms" | "first" | "quote" | "negated") {
            return Err(TemplateError::UnknownKind {
                inner: inner.to_owned(),
            });
        }
        if !signals.contains_key(signal) {
            return Err(TemplateError::UnknownSignal {
                inner: inner.to_owned(),
                signal: signal.to_owned(),
            });
        }
        rest = &rest[close + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_name_the_placeholder_and_the_fix() {
        let signals = HashMap::from([("trade_off".to_owned(), 0)]);
        assert_eq!(
            check_template("Say {terms:trade_off} aloud.", &signals),
            Ok(())
        );
        assert_eq!(
            check_template("Say {terms:trade_off", &signals),
            Err(TemplateError::Unclosed)
        );
        assert_eq!(
            check_template("Say {trade_off}", &signals),
            Err(TemplateError::NoKind {
                inner: "trade_off".into()
            })
        );
        assert_eq!(
            check_template("Say {all:trade_off}", &signals),
            Err(TemplateError::UnknownKind {
                inner: "all:trade_off".into()
            })
        );
        let err = check_template("Say {first:latency}", &signals).unwrap_err();
        assert_eq!(
            err,
            TemplateError::UnknownSignal {
                inner: "first:latency".into(),
                signal: "latency".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "placeholder `{first:latency}`: unknown signal `latency`: declare it as \
             `[signals.latency]` or use one that is"
        );
    }
}
