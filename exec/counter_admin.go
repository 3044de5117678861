package exec

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// resetCounter restarts a table's AUTO_INCREMENT (TRUNCATE).
func (e *Engine) resetCounter(ctx context.Context, table string) error {
	_, err := e.db.Collection(countersCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: table}})
	return sqlerr.Wrap(err, "resetting the AUTO_INCREMENT of %q", table)
}

// renameCounter moves a table's AUTO_INCREMENT to its new name.
func (e *Engine) renameCounter(ctx context.Context, old, name string) error {
	coll := e.db.Collection(countersCollection)
	var doc bson.D
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: old}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return sqlerr.Wrap(err, "reading the AUTO_INCREMENT of %q", old)
	}
	doc[0].Value = name
	if _, err := coll.InsertOne(ctx, doc); err != nil {
		return sqlerr.Wrap(err, "moving the AUTO_INCREMENT of %q", old)
	}
	_, err = coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: old}})
	return sqlerr.Wrap(err, "moving the AUTO_INCREMENT of %q", old)
}
