package conformance

import "strings"

// Rewrite returns the file's text with the result blocks of the given query
// records replaced by new rows. Everything else (comments, SQL, statement
// records, layout) is kept byte for byte.
func (f *File) Rewrite(results map[*Record][]string) string {
	var out []string
	next := 0 // first line of f.Lines not yet copied
	for _, r := range f.Records {
		rows, ok := results[r]
		if !ok || r.Kind != Query {
			continue
		}
		if r.hasResult {
			out = append(out, f.Lines[next:r.resStart]...)
			next = r.resEnd
		} else {
			out = append(out, f.Lines[next:r.sqlEnd]...)
			out = append(out, "----")
			next = r.sqlEnd
			// Keep a blank line between the block and whatever follows.
			if next < len(f.Lines) && f.Lines[next] != "" {
				rows = append(append([]string(nil), rows...), "")
			}
		}
		out = append(out, rows...)
	}
	out = append(out, f.Lines[next:]...)
	return strings.Join(out, "\n")
}
