package b

import (
	"context"
	"errors"

	"spanend/helpers"
)

func work(ctx context.Context) error { return nil }

func query(ctx context.Context) error {
	ctx, span := helpers.StartSpanForQuery(ctx, "select") // want `span "span" started by helpers.StartSpanForQuery is not ended on the return at line 15`
	if err := work(ctx); err != nil {
		return err
	}
	span.End()
	return nil
}

func queryOK(ctx context.Context) (err error) {
	ctx, span := helpers.StartSpanForQuery(ctx, "select")
	defer func() { helpers.Finish(err, span) }()
	return work(ctx)
}

func finishOK(ctx context.Context) error {
	ctx, span := helpers.StartSpanForQuery(ctx, "select")
	err := work(ctx)
	helpers.Finish(err, span)
	return err
}

func discarded(ctx context.Context) {
	helpers.StartSpanForQuery(ctx, "select") // want `the span started by helpers.StartSpanForQuery is discarded`
}

func method(ctx context.Context, c *helpers.Client) error {
	span, ctx := c.StartSpan(ctx) // want `span "span" started by c.StartSpan is not ended on the return at line 41`
	if ctx == nil {
		return errors.New("no context")
	}
	span.End()
	return nil
}

func op(ctx context.Context) {
	o := helpers.NewOp(ctx)
	defer o.Close()
}

// The helper's facts say its span is nil when it returns an error: the
// error path has nothing to end.
func checked(ctx context.Context) error {
	ctx, span, err := helpers.StartChecked(ctx, "x")
	if err != nil {
		return err
	}
	defer span.End()
	return work(ctx)
}
