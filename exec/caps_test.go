package exec

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestProfileFromBuildInfo decodes buildInfo replies as each engine sends
// them (trimmed to the fields that matter) and checks the profile picked.
func TestProfileFromBuildInfo(t *testing.T) {
	cases := []struct {
		name, reply, profile, server string
		decimal128                   bool
	}{
		{"MongoDB 7.0", `{"version":"7.0.14","versionArray":[7,0,14,0]}`, "full", "MongoDB 7.0.14", true},
		{"MongoDB 6.3", `{"version":"6.3.1","versionArray":[6,3,1,0]}`, "full", "MongoDB 6.3.1", true},
		{"MongoDB 5.0", `{"version":"5.0.26","versionArray":[5,0,26,0]}`, "full (MongoDB < 6.3)", "MongoDB 5.0.26", true},
		{"MongoDB 4.2", `{"version":"4.2.1","versionArray":[4,2,1,0]}`, "mongodb<4.4", "MongoDB 4.2.1", true},
		{"FerretDB v1", `{"version":"7.0.42","versionArray":[7,0,42,0],"ferretdbVersion":"v1.24.2"}`, "ferretdb", "FerretDB v1.24.2", false},
		{"FerretDB v1 embedded", `{"version":"7.0.42","versionArray":[7,0,42,0],"ferretdbVersion":"unknown"}`, "ferretdb", "FerretDB v1 (version unknown)", false},
		{"FerretDB v2", `{"version":"7.0.77","versionArray":[7,0,77,0],"ferretdb":{"version":"v2.7.0","package":"unknown"}}`, "documentdb", "FerretDB v2.7.0 on DocumentDB", true},
	}
	for _, c := range cases {
		var bi buildInfo
		if err := bson.UnmarshalExtJSON([]byte(c.reply), false, &bi); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		s := bi.server()
		if got := profile(s).Name; got != c.profile {
			t.Errorf("%s: profile %q, want %q", c.name, got, c.profile)
		}
		if got := s.String(); got != c.server {
			t.Errorf("%s: server %q, want %q", c.name, got, c.server)
		}
		if s.decimal128 != c.decimal128 {
			t.Errorf("%s: decimal128 %v, want %v", c.name, s.decimal128, c.decimal128)
		}
	}
}
