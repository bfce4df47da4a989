"""From what the rules found to Quote records: speaker mentions resolved, channels ordered, cue lemmas."""
