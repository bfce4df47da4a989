"""The rules that find a quote's cue, speaker and content in the parse."""
