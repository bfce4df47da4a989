"""Attribution: stanza Document in, Quote records out (marks, cues, speakers, attribute)."""
