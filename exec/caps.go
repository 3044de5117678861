package exec

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/planner"
)

// detect reads buildInfo once and picks the capability profile: FerretDB
// identifies itself with a ferretdbVersion field; anything else is taken
// as MongoDB, full from 4.4 on (the pipelines use nothing newer).
func detect(ctx context.Context, c *mongo.Client) (planner.Capabilities, error) {
	var info struct {
		VersionArray    []int32 `bson:"versionArray"`
		FerretDBVersion *string `bson:"ferretdbVersion"`
	}
	err := c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info)
	if err != nil {
		return planner.Capabilities{}, err
	}
	if info.FerretDBVersion != nil {
		return planner.FerretDB, nil
	}
	if len(info.VersionArray) >= 2 && (info.VersionArray[0] > 4 || info.VersionArray[0] == 4 && info.VersionArray[1] >= 4) {
		return planner.Full, nil
	}
	caps := planner.Full
	caps.Name = "mongodb<4.4"
	caps.Lookup, caps.UnionWith = false, false
	return caps, nil
}
