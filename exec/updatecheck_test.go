package exec

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestOneKey(t *testing.T) {
	eq := func(v any) bson.D { return bson.D{{Key: "$eq", Value: v}} }
	for _, c := range []struct {
		filter bson.D
		want   bool
	}{
		{bson.D{{Key: "_id", Value: eq(int64(1))}}, true},
		{bson.D{{Key: "_id", Value: eq("k")}, {Key: "n", Value: 2}}, true},
		{bson.D{{Key: "$and", Value: bson.A{bson.D{{Key: "_id", Value: eq(int64(1))}}, bson.D{{Key: "n", Value: bson.D{{Key: "$ne", Value: nil}}}}}}}, true},
		{bson.D{}, false},
		{bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{1, 2}}}}}, false},
		{bson.D{{Key: "_id", Value: eq(nil)}}, false},
		{bson.D{{Key: "_id", Value: eq(bson.D{{Key: "a", Value: 1}})}}, false},
		{bson.D{{Key: "$or", Value: bson.A{bson.D{{Key: "_id", Value: eq(1)}}, bson.D{{Key: "_id", Value: eq(2)}}}}}, false},
		{bson.D{{Key: "n", Value: eq(1)}}, false},
	} {
		if got := oneKey(c.filter); got != c.want {
			t.Errorf("oneKey(%v) = %v, want %v", c.filter, got, c.want)
		}
	}
}
