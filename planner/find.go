package planner

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Find is a scan run as a find command rather than an aggregate: servers
// plan a find more cheaply, and an _id equality becomes a point read.
// Skip and Limit are int64 or *Placeholder, nil when absent.
type Find struct {
	Filter     bson.D
	Sort       bson.D
	Skip       any
	Limit      any
	Projection bson.D
}

// useFind turns the scans of a plan whose pipelines only filter, sort,
// skip, limit and pick fields into finds. Called once the plan is built.
func useFind(n Node) {
	switch n := n.(type) {
	case *Scan:
		if f, fields, ok := findOf(n.Pipeline, n.Fields); ok {
			n.Find, n.Pipeline, n.Fields = f, nil, fields
		}
	case *Filter:
		useFind(n.Input)
	case *Project:
		useFind(n.Input)
	case *Sort:
		useFind(n.Input)
	case *Limit:
		useFind(n.Input)
	case *Aggregate:
		useFind(n.Input)
	case *Distinct:
		useFind(n.Input)
	case *Join:
		useFind(n.Left)
		useFind(n.Right)
	}
}

// findOf translates a pipeline of $match stages, then at most one each of
// $sort, $skip, $limit and $project in that order — the order a find
// applies them. It returns the fields a row reads from the find's
// documents: a $project that renames fields (c0: "$name") becomes an
// inclusion, and the rows read the original names.
func findOf(pl []bson.D, fields []string) (*Find, []string, bool) {
	if len(pl) == 0 {
		return nil, nil, false
	}
	const (
		pMatch = iota
		pSort
		pSkip
		pLimit
		pProject
	)
	f := &Find{}
	phase := pMatch
	for _, st := range pl {
		if len(st) != 1 {
			return nil, nil, false
		}
		v := st[0].Value
		next := -1
		switch st[0].Key {
		case "$match":
			d, ok := v.(bson.D)
			if !ok || phase != pMatch {
				return nil, nil, false
			}
			f.Filter = andFilter(f.Filter, d)
			continue
		case "$sort":
			next, f.Sort = pSort, v.(bson.D)
		case "$skip":
			next, f.Skip = pSkip, v
		case "$limit":
			if phase == pLimit {
				// A key lookup's $limit 1 followed by LIMIT n: the smaller.
				a, ok1 := f.Limit.(int64)
				b, ok2 := v.(int64)
				if !ok1 || !ok2 {
					return nil, nil, false
				}
				f.Limit = min(a, b)
				continue
			}
			next, f.Limit = pLimit, v
		case "$project":
			d, ok := v.(bson.D)
			if !ok {
				return nil, nil, false
			}
			proj, read, ok := findProjection(d, fields)
			if !ok {
				return nil, nil, false
			}
			next, f.Projection, fields = pProject, proj, read
		default:
			return nil, nil, false
		}
		if next <= phase {
			return nil, nil, false
		}
		phase = next
	}
	if f.Sort != nil && f.Limit != nil && f.Projection != nil {
		// A top-N: an aggregate projects the N documents its $limit
		// keeps, while DocumentDB's find projects every document before
		// sorting (twice the time of the pipeline).
		return nil, nil, false
	}
	return f, fields, true
}

// andFilter combines two query filters: one document when their keys
// differ, else $and.
func andFilter(a, b bson.D) bson.D {
	if a == nil {
		return b
	}
	if !sharesKey(a, b) {
		return append(append(bson.D{}, a...), b...)
	}
	return bson.D{{Key: "$and", Value: bson.A{a, b}}}
}

// findProjection turns a $project into a find projection. An inclusion
// passes as is. A renaming one (c0: "$name", …, _id: 0) becomes the
// inclusion of the fields it reads, top-level ones only: "$a.b" descends
// into arrays in a pipeline, unlike a read of the field a.b.
func findProjection(p bson.D, fields []string) (bson.D, []string, bool) {
	inclusion := true
	src := map[string]string{}
	for _, e := range p {
		switch v := e.Value.(type) {
		case int32:
			if v != 1 && !(v == 0 && e.Key == "_id") {
				return nil, nil, false
			}
		case string:
			path, ok := strings.CutPrefix(v, "$")
			if !ok || path == "" || strings.ContainsAny(path, ".$") {
				return nil, nil, false
			}
			inclusion = false
			src[e.Key] = path
		default:
			return nil, nil, false
		}
	}
	if inclusion {
		return p, fields, true
	}
	read := make([]string, len(fields))
	for i, f := range fields {
		path, ok := src[f]
		if !ok {
			return nil, nil, false
		}
		read[i] = path
	}
	proj, ok := projectFields(dedupe(read))
	return proj, read, ok
}
