// Package highcard defines an Analyzer that reports unbounded metric
// attributes and personal data in span and log attributes.
//
// # Analyzer highcard
//
// highcard: unbounded metric attributes and personal data in telemetry attributes
//
// The analyzer follows the attributes given to metric measurements
// (metric.WithAttributes and metric.WithAttributeSet, as passed to the
// Add, Record and Observe methods of instruments and observers; otelhttp's
// Labeler.Add and WithMetricAttributesFn; otelgrpc's WithMetricAttributes
// and WithMetricAttributesFn; the typed instruments of semconv's *conv
// packages, such as httpconv.ServerRequestDuration.Record, whose plain
// parameters are required attributes), to spans (trace.WithAttributes,
// (trace.Span).SetAttributes) and to log records
// ((*log.Record).AddAttributes), including attribute slices and sets
// built in local variables with literals, append and attribute.NewSet, and
// by helper functions of the same package that return them. Functions
// whose parameters become metric attributes are followed with facts, in
// the package and across packages: an in-house wrapper taking a value, an
// attribute list or key/value string pairs
// (metrics.IncrementCounter(ctx, name, "path", r.URL.Path)), an interface
// method whose implementation in the same package is such a wrapper, and
// functions that return one attribute built from a parameter
// (AttrServerAddress(r.Host)); the values passed are judged at the call.
// For each
// attribute it finds the key (a constant, an attribute.Key constant such
// as a semconv key, or a semconv constructor such as semconv.URLPath) and
// where the value comes from.
//
// It reports, with severity error, metric attributes whose values are
// unbounded:
//
//   - generated IDs: github.com/google/uuid, gofrs/uuid, rs/xid,
//     segmentio/ksuid, oklog/ulid, crypto/rand bytes and crypto/rand.Text,
//     math/rand numbers, trace and span IDs;
//   - time values: time.Time, time.Now, time.Since;
//   - raw URL paths and full URLs (r.URL.Path, r.RequestURI,
//     r.URL.String());
//   - error strings (err.Error());
//   - request input: headers, form and query values, path parameters, the
//     client address, the Host header (r.Host), the user agent;
//   - keys that are unbounded by convention (user.id, user.email,
//     session.id, url.full, url.path, enduser.id, client.address,
//     network.peer.address, db.query.text, ...; the unbounded-keys option),
//     unless the value is provably bounded (a constant, r.Method,
//     r.Pattern, an enum-like constant).
//
// Values are followed through local variables, conversions, concatenation,
// fmt.Sprint*, strings and strconv functions, and through functions whose
// result is known: facts record that a function returns a generated ID, a
// time, a URL, an error string, request input or a value from a bounded
// set, across packages (also from packages that do not import
// OpenTelemetry, such as an HTTP helper package). The message names the
// source and its line.
//
// For span and log attributes it reports, with severity warning, personal
// data: keys such as user.email, phone_number, first_name, full_name,
// user.name, and values read from fields, variables or getters so named
// (u.Email, u.GetPhoneNumber()), unless the value is hashed, masked or
// redacted on the way (a call into crypto/ or hash/, or to a function
// whose name says hash, mask, redact, anonymize, ...). IDs on
// spans are normal tracing practice and are not reported unless the
// span-ids option is set.
//
// The severity is in the diagnostic's Category: "error" or "warning".
// Values the analyzer cannot classify (parameters, struct fields, results
// of unknown functions) are not reported. Fields of configuration structs
// (types named ...Config, ...Options, ...Settings) are bounded: they are
// set at deployment, one value per process, so a database login from
// pgx.ConnConfig is neither unbounded nor a person's data.
//
// # Why
//
// Every distinct combination of metric attribute values is a separate
// time series that the SDK keeps in memory for the life of the process and
// that the backend stores and bills. One attribute holding a user ID, a
// URL path or an error message turns one series into millions: the SDK's
// memory grows without bound (or the cardinality limit folds everything
// into an overflow series), and queries and costs explode. Such values
// belong on spans or logs, or must be bucketed into a few values first (the
// route template instead of the path, an error type instead of the
// message).
//
// Personal data (emails, phone numbers, names) in spans and logs is copied
// to every backend the telemetry reaches, often with longer retention and
// wider access than the application's database; it needs hashing,
// dropping or an explicit decision.
//
// # Bad
//
//	requests.Add(ctx, 1, metric.WithAttributes(
//		attribute.String("user.id", userID),
//		semconv.URLPath(r.URL.Path),
//		attribute.String("error", err.Error())))
//	span.SetAttributes(attribute.String("user.email", u.Email))
//
// # Good
//
//	requests.Add(ctx, 1, metric.WithAttributes(
//		semconv.HTTPRoute(r.Pattern),
//		attribute.String("error.type", errorType(err))))
//	span.SetAttributes(attribute.String("user.id", userID))
//
// # Options
//
//   - unbounded-keys: attribute keys whose values are unbounded by
//     convention, reported on metrics unless the value is provably
//     bounded; compared case- and separator-insensitively, so user.id
//     also matches user_id and userId. Default: user.id, user.email, user.name, user.full_name,
//     user.hash, session.id, session.previous_id, enduser.id,
//     enduser.pseudo.id, url.full, url.path, url.query, url.original,
//     http.url, http.target, client.address, client.port,
//     network.peer.address, network.peer.port, net.peer.ip,
//     net.sock.peer.addr, net.sock.peer.port, http.client_ip,
//     db.query.text, db.statement, user_agent.original, http.user_agent,
//     exception.message, exception.stacktrace, trace_id, span_id,
//     trace.id, span.id, request.id, request_id, messaging.message.id.
//   - personal-keys: endings of keys, field and variable names that mark
//     personal data, matched against the last one to three words of the
//     name (so "user.name" and "firstName" match, "device.microphone"
//     does not; "username" is not applied to variable names, which often
//     hold a service account). Default: email, emailaddress,
//     phone, phonenumber, mobilenumber, firstname, lastname, fullname,
//     givenname, familyname, surname, username, dateofbirth, birthdate,
//     ssn, creditcard, cardnumber, iban.
//   - span-ids: also report, as warnings, generated IDs in span and log
//     attributes. Default false.
//   - tests: also check _test.go files. Default false.
package highcard
